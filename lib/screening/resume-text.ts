import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";

import { getLogger } from "@/lib/logger";
import {
  checkDocxSize,
  DocxTooLargeError,
  MAX_DOCX_INFLATED_BYTES,
  readDocxText,
} from "@/lib/screening/docx-text";

/**
 * Extracts plain text from a resume file. The format comes from the file's
 * first bytes, never from its name or the MIME type a sender claims. A file
 * with no usable text returns `ok: false` with a reason, so the workflow
 * can end with no_resume_text instead of scoring an empty resume as zero.
 */

export type ResumeFormat = "pdf" | "docx" | "text" | "unknown";

export type NoResumeTextReason =
  | "empty_file"
  | "too_large"
  | "unsupported_format"
  | "corrupt_file"
  | "encrypted"
  | "no_text";

export type ResumeText =
  | { ok: true; format: ResumeFormat; text: string; pageCount: number | null }
  | {
      ok: false;
      format: ResumeFormat;
      reason: NoResumeTextReason;
      message: string;
    };

// Resumes are a few pages. Larger files are most likely scans or the wrong
// attachment, and parsing them costs memory on a shared worker.
export const MAX_RESUME_BYTES = 15 * 1024 * 1024;

// A scanned resume often carries a few characters of text (a page number,
// a header). Below this many letters and digits there is nothing to score.
export const MIN_RESUME_CHARACTERS = 50;

const log = getLogger("screening.resume-text");

function startsWith(bytes: Uint8Array, signature: number[], at = 0) {
  return signature.every((value, index) => bytes[at + index] === value);
}

/** Detects a resume's format from its magic bytes. */
export function detectResumeFormat(bytes: Uint8Array): ResumeFormat {
  // "%PDF-" may follow a few bytes of junk, and readers accept it within
  // the first kilobyte, so the search does too.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (head.includes("%PDF-")) return "pdf";

  // A DOCX file is a ZIP archive with a word/document.xml part. ZIP stores
  // part names uncompressed, so the name shows in the raw bytes, and other
  // ZIP files (ODT, XLSX) are recognized without unpacking.
  if (
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) &&
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
      "word/document.xml",
    )
  ) {
    return "docx";
  }

  if (looksLikePlainText(bytes)) return "text";
  return "unknown";
}

function looksLikePlainText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  // RTF is text on the wire but needs its own parser.
  if (startsWith(sample, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return false;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The sample may end inside a multi-byte character of up to 4 bytes, so
  // up to 3 trailing bytes may be dropped before it counts as not UTF-8.
  for (let cut = 0; cut <= 3 && cut < sample.length; cut += 1) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      if (sample.length < 4096) return false;
    }
  }
  return false;
}

/**
 * Tidies extracted text: one line per line, no runs of blank space, and no
 * NUL characters, which Postgres text and jsonb columns reject.
 */
export function normalizeResumeText(text: string): string {
  return text
    .replaceAll("\u0000", "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\t]+/g, " ")
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

function countTextCharacters(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, "").length;
}

// NOTE: extraction has no time limit and reads every page. The size cap is
// the only bound, so a hostile PDF can keep a worker busy until it ends.
async function extractPdf(bytes: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given, so it gets a copy.
  // Verbosity 0 keeps pdf.js warnings about damaged files off stderr. The
  // caller logs the failure with the file name instead.
  const document = await getDocumentProxy(new Uint8Array(bytes), {
    verbosity: 0,
  });
  try {
    const { text, totalPages } = await extractText(document, {
      mergePages: true,
    });
    return { text, pageCount: totalPages };
  } finally {
    await document.destroy();
  }
}

async function extractDocx(bytes: Uint8Array) {
  const text = readDocxText(bytes);
  if (text !== null) return { text, pageCount: null };
  checkDocxSize(bytes);
  const { value } = await mammoth.extractRawText({
    buffer: Buffer.from(bytes),
  });
  return { text: value, pageCount: null };
}

function failure(
  format: ResumeFormat,
  reason: NoResumeTextReason,
  message: string,
): ResumeText {
  return { ok: false, format, reason, message };
}

/**
 * Extracts a resume's text. Never throws for a bad file: every failure is a
 * `ResumeText` with `ok: false`. `fileName` is used in log lines only.
 */
export async function extractResumeText(
  bytes: Uint8Array,
  fileName = "resume",
): Promise<ResumeText> {
  if (bytes.length === 0) {
    return failure("unknown", "empty_file", "The resume file is empty.");
  }
  if (bytes.length > MAX_RESUME_BYTES) {
    return failure(
      "unknown",
      "too_large",
      `The resume file is ${bytes.length} bytes, over the limit of ${MAX_RESUME_BYTES}.`,
    );
  }

  const format = detectResumeFormat(bytes);
  if (format === "unknown") {
    return failure(
      format,
      "unsupported_format",
      "The resume is not a PDF, DOCX or plain-text file.",
    );
  }

  let extracted: { text: string; pageCount: number | null };
  try {
    if (format === "pdf") extracted = await extractPdf(bytes);
    else if (format === "docx") extracted = await extractDocx(bytes);
    else {
      extracted = { text: new TextDecoder().decode(bytes), pageCount: null };
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    log.warn({ err: error, fileName, format }, "resume text extraction failed");
    if (error instanceof DocxTooLargeError) {
      return failure(
        format,
        "too_large",
        `The resume DOCX expands to more than ${MAX_DOCX_INFLATED_BYTES} bytes when unpacked.`,
      );
    }
    if (name === "PasswordException") {
      return failure(
        format,
        "encrypted",
        "The resume PDF is password-protected.",
      );
    }
    return failure(
      format,
      "corrupt_file",
      `The resume ${format.toUpperCase()} file is damaged and could not be read.`,
    );
  }

  const text = normalizeResumeText(extracted.text);
  if (countTextCharacters(text) < MIN_RESUME_CHARACTERS) {
    return failure(
      format,
      "no_text",
      "The resume has no readable text. It may be a scanned image or blank.",
    );
  }
  return { ok: true, format, text, pageCount: extracted.pageCount };
}
