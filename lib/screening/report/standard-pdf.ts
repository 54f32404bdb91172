import { deflateSync } from "node:zlib";

import {
  standardFonts,
  type ReportFont,
  type ReportFonts,
  StandardFace,
} from "@/lib/screening/report/fonts";
import type {
  DocumentInfo,
  PdfSurface,
  RuleDraw,
  TextDraw,
} from "@/lib/screening/report/pdf-surface";

/**
 * Writes a PDF of text and rules in Helvetica and Helvetica-Bold, the PDF
 * standard fonts, which a PDF names without embedding. It writes the file
 * directly: a catalog, a page tree, one Flate-compressed content stream
 * per page, the two font dictionaries, the document information and a
 * cross-reference table. pdf-lib took a median of 1.6 ms for a one-page
 * report, most of it building an object per operator and compressing
 * with pako. This writer builds plain strings and compresses with
 * node:zlib, and took 0.23 ms for the same report (`npm run bench:steps`,
 * BENCHMARKS.md).
 */
export class StandardPdf implements PdfSurface {
  readonly fonts: ReportFonts = standardFonts();
  private readonly pages: { width: number; height: number; ops: string }[] = [];

  addPage(width: number, height: number): number {
    this.pages.push({ width, height, ops: "" });
    return this.pages.length - 1;
  }

  drawText(page: number, text: string, draw: TextDraw) {
    const encoded = faceOf(draw.font).encode(text);
    const resource = draw.font === this.fonts.bold ? "F2" : "F1";
    this.append(
      page,
      `BT\n/${resource} ${num(draw.size)} Tf\n${color(draw.color)} rg\n` +
        `${num(draw.x)} ${num(draw.y)} Td\n(${escapeLiteral(encoded)}) Tj\nET\n`,
    );
  }

  drawRule(page: number, rule: RuleDraw) {
    this.append(
      page,
      `${color(rule.color)} RG\n${num(rule.thickness)} w\n` +
        `${num(rule.start.x)} ${num(rule.start.y)} m\n` +
        `${num(rule.end.x)} ${num(rule.end.y)} l\nS\n`,
    );
  }

  private append(page: number, ops: string) {
    const target = this.pages[page];
    if (!target) throw new RangeError(`no page ${page} in this PDF`);
    target.ops += ops;
  }

  /** Returns the finished file. */
  save(info: DocumentInfo): Buffer {
    const file = new PdfFile();
    // Objects 1 to 4, then a page and its contents per page, then the
    // document information.
    const pageIds = this.pages.map((_, index) => 5 + 2 * index);
    const infoId = 5 + 2 * this.pages.length;

    file.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    file.object(
      2,
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`,
    );
    file.object(3, fontDictionary("Helvetica"));
    file.object(4, fontDictionary("Helvetica-Bold"));
    this.pages.forEach((page, index) => {
      const id = pageIds[index]!;
      file.object(
        id,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
          "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> " +
          `/Contents ${id + 1} 0 R >>`,
      );
      file.stream(id + 1, deflateSync(Buffer.from(page.ops, "latin1")));
    });
    const date = pdfDate(info.creationDate);
    file.object(
      infoId,
      `<< /Title ${textString(info.title)} /Subject ${textString(info.subject)} ` +
        `/Producer ${textString(info.producer)} ` +
        `/CreationDate (${date}) /ModDate (${date}) >>`,
    );
    return file.finish(infoId);
  }
}

function faceOf(font: ReportFont): StandardFace {
  if (font instanceof StandardFace) return font;
  throw new TypeError("StandardPdf draws only Helvetica and Helvetica-Bold");
}

function fontDictionary(baseFont: string): string {
  return `<< /Type /Font /Subtype /Type1 /BaseFont /${baseFont} /Encoding /WinAnsiEncoding >>`;
}

/**
 * A PDF file being written from object 1 up, which records each object's
 * byte offset for the cross-reference table.
 */
class PdfFile {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly offsets: number[] = [];

  constructor() {
    // The second line's bytes above 127 mark the file as binary.
    this.write(Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"));
  }

  private write(chunk: Buffer | string) {
    const buffer =
      typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    this.chunks.push(buffer);
    this.length += buffer.length;
  }

  private begin(id: number) {
    if (id !== this.offsets.length + 1) {
      throw new Error(`PDF object ${id} written out of order`);
    }
    this.offsets.push(this.length);
    this.write(`${id} 0 obj\n`);
  }

  object(id: number, body: string) {
    this.begin(id);
    this.write(`${body}\nendobj\n`);
  }

  stream(id: number, compressed: Buffer) {
    this.begin(id);
    this.write(
      `<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`,
    );
    this.write(compressed);
    this.write("\nendstream\nendobj\n");
  }

  finish(infoId: number): Buffer {
    const xrefOffset = this.length;
    const size = this.offsets.length + 1;
    // Each entry is exactly 20 bytes, its line ending included.
    const entries = this.offsets
      .map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)
      .join("");
    this.write(
      `xref\n0 ${size}\n0000000000 65535 f \n${entries}` +
        `trailer\n<< /Size ${size} /Root 1 0 R /Info ${infoId} 0 R >>\n` +
        `startxref\n${xrefOffset}\n%%EOF\n`,
    );
    return Buffer.concat(this.chunks, this.length);
  }
}

/** Formats a number with at most two decimals and no exponent. */
function num(value: number): string {
  // toFixed writes an exponent from 1e21 up, and NaN has no PDF form.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) {
    throw new RangeError(`cannot write ${value} as a PDF number`);
  }
  const fixed = value.toFixed(2);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

function color(value: TextDraw["color"]): string {
  return `${num(value.red)} ${num(value.green)} ${num(value.blue)}`;
}

/** Escapes the characters a PDF literal string gives a meaning. */
function escapeLiteral(bytes: string): string {
  return bytes.replace(/[\\()]/g, "\\$&");
}

/** Encodes a PDF text string in UTF-16BE with a byte order mark, as hex. */
function textString(value: string): string {
  let hex = "FEFF";
  for (let index = 0; index < value.length; index++) {
    hex += value.charCodeAt(index).toString(16).padStart(4, "0");
  }
  return `<${hex}>`;
}

/** Formats a date in UTC as a PDF date, such as D:20240616100000Z. */
function pdfDate(date: Date): string {
  return `D:${date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/[-:T]/g, "")}`;
}
