import JSZip from "jszip";
import { describe, expect, test } from "vitest";

import {
  detectResumeFormat,
  extractResumeText,
  normalizeResumeText,
} from "@/lib/screening/resume-text";
import {
  buildBlankPdf,
  buildDocx,
  buildRandomBytes,
  buildScanLikePdf,
  buildTruncatedPdf,
  readResume,
  RESUME_FILES,
} from "@/tests/fixtures/resume-files";

const EXPECTED_NAMES: Record<string, string> = {
  "david-kim-backend-developer.pdf": "David Kim",
  "emily-rodriguez-data-scientist.pdf": "Emily Rodriguez",
  "jessica-williams-frontend-engineer.pdf": "Jessica Williams",
  "michael-chen-full-stack-engineer.pdf": "Michael Chen",
  "sarah-johnson-senior-react-developer.pdf": "Sarah Johnson",
};

describe("extractResumeText", () => {
  test("fixtures are all present", () => {
    expect(RESUME_FILES).toEqual(Object.keys(EXPECTED_NAMES).sort());
  });

  test.each(RESUME_FILES)("reads PDF fixture %s", async (name) => {
    const result = await extractResumeText(readResume(name), name);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe("pdf");
    expect(result.pageCount).toBe(1);
    expect(result.text.split("\n")[0]).toBe(EXPECTED_NAMES[name]);
    expect(result.text).toContain("WORK EXPERIENCE");
  });

  test("reads a DOCX built from a resume", async () => {
    const pdf = await extractResumeText(
      readResume("sarah-johnson-senior-react-developer.pdf"),
    );
    if (!pdf.ok) throw new Error("the PDF fixture has no text");
    const docx = await buildDocx(pdf.text.split("\n"));

    const result = await extractResumeText(docx, "sarah.docx");

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe("docx");
    expect(result.pageCount).toBeNull();
    expect(result.text).toBe(pdf.text);
  });

  test("detects format by bytes, not name", async () => {
    const pdfBytes = readResume("david-kim-backend-developer.pdf");
    const docxBytes = await buildDocx(["Jane Doe", "React developer"]);

    expect(detectResumeFormat(pdfBytes)).toBe("pdf");
    expect(detectResumeFormat(docxBytes)).toBe("docx");

    const misnamed = await extractResumeText(pdfBytes, "resume.docx");
    expect(misnamed.ok).toBe(true);
    expect(misnamed.format).toBe("pdf");
  });

  test("reads plain text files", async () => {
    const text = [
      "Jane Doe",
      "Senior engineer with React, TypeScript and Node.js since 2015.",
    ].join("\n");

    const result = await extractResumeText(new TextEncoder().encode(text));

    expect(result.ok).toBe(true);
    expect(result.format).toBe("text");
  });

  test("drops NUL characters from text", () => {
    expect(normalizeResumeText("Jane\u0000 Doe\n\u0000\nReact")).toBe(
      "Jane Doe\nReact",
    );
  });

  test("empty file has no text", async () => {
    const result = await extractResumeText(new Uint8Array(0), "empty.pdf");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("empty_file");
    expect(result.message).toMatch(/empty/);
  });

  test("blank PDF has no text", async () => {
    const result = await extractResumeText(await buildBlankPdf(), "blank.pdf");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe("pdf");
    expect(result.reason).toBe("no_text");
  });

  test("scan-like PDF has no text", async () => {
    const result = await extractResumeText(await buildScanLikePdf());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("no_text");
    expect(result.message).toMatch(/scanned/);
  });

  test("truncated PDF is corrupt", async () => {
    const result = await extractResumeText(buildTruncatedPdf(), "cut.pdf");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe("pdf");
    expect(result.reason).toBe("corrupt_file");
  });

  test("random bytes are unsupported", async () => {
    const result = await extractResumeText(buildRandomBytes(), "resume.pdf");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("unsupported_format");
  });

  test("ZIP that is not a DOCX is unsupported", async () => {
    const zip = new JSZip();
    zip.file("content.xml", "<office:document/>");
    const bytes = await zip.generateAsync({ type: "uint8array" });

    const result = await extractResumeText(bytes, "resume.docx");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe("unknown");
    expect(result.reason).toBe("unsupported_format");
  });

  test("DOCX with a broken part is corrupt", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document><w:body>");
    const bytes = await zip.generateAsync({ type: "uint8array" });

    const result = await extractResumeText(bytes, "resume.docx");

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.format).toBe("docx");
    expect(result.reason).toBe("corrupt_file");
  });

  test("truncated DOCX is corrupt", async () => {
    const docx = await buildDocx(["Jane Doe", "React developer since 2015"]);

    const result = await extractResumeText(docx.slice(0, docx.length - 60));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("corrupt_file");
  });

  test("PDF header with garbage is corrupt", async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("%PDF-1.7\n"),
      ...buildRandomBytes(1024),
    ]);

    const result = await extractResumeText(bytes);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("corrupt_file");
  });
});
