import { rgb, type PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";

import { toDrawableText, type ReportFonts } from "@/lib/screening/report/fonts";

/**
 * A top-to-bottom text writer over pdf-lib: wraps words to the page width
 * and starts a new page when the next line would not fit. Sizes are in PDF
 * points (1/72 inch).
 */

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const FOOTER_SPACE = 30;
const LINE_SPACING = 1.35;

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.4, 0.4, 0.45),
  accent: rgb(0.12, 0.35, 0.7),
  good: rgb(0.1, 0.5, 0.25),
  bad: rgb(0.7, 0.15, 0.15),
  rule: rgb(0.8, 0.8, 0.84),
};

export type TextStyle = {
  size?: number;
  bold?: boolean;
  color?: ReturnType<typeof rgb>;
  indent?: number;
  // Extra space after the block, in points.
  after?: number;
};

export class PdfWriter {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly document: PDFDocument,
    readonly fonts: ReportFonts,
  ) {
    this.addPage();
  }

  private addPage() {
    this.page = this.document.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number) {
    if (this.y - height < MARGIN + FOOTER_SPACE) this.addPage();
  }

  /** Splits text into lines no wider than `width` at `size`. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      // A word wider than the line (a long URL) is cut by characters.
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (
          cut > 1 &&
          font.widthOfTextAtSize(line.slice(0, cut), size) > width
        ) {
          cut -= 1;
        }
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line) lines.push(line);
    return lines.length > 0 ? lines : [""];
  }

  /** Writes a wrapped paragraph. */
  text(value: string, style: TextStyle = {}) {
    const size = style.size ?? 10;
    const font = style.bold ? this.fonts.bold : this.fonts.regular;
    const indent = style.indent ?? 0;
    const width = A4.width - 2 * MARGIN - indent;
    const lineHeight = size * LINE_SPACING;
    const drawable = toDrawableText(value, this.fonts);

    for (const line of this.wrap(drawable, font, size, width)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      this.page.drawText(line, {
        x: MARGIN + indent,
        y: this.y,
        size,
        font,
        color: style.color ?? COLORS.text,
      });
    }
    this.y -= style.after ?? 0;
  }

  /** Writes a bulleted list item. */
  bullet(value: string, style: TextStyle = {}) {
    const indent = style.indent ?? 0;
    const size = style.size ?? 10;
    this.ensureSpace(size * LINE_SPACING);
    this.page.drawText("•", {
      x: MARGIN + indent,
      y: this.y - size * LINE_SPACING,
      size,
      font: this.fonts.regular,
      color: style.color ?? COLORS.text,
    });
    this.text(value, { ...style, indent: indent + 12 });
  }

  /** Writes a section heading with a rule under it. */
  heading(value: string) {
    this.ensureSpace(40);
    this.y -= 10;
    this.text(value, { size: 13, bold: true, color: COLORS.accent });
    this.y -= 3;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4.width - MARGIN, y: this.y },
      thickness: 0.5,
      color: COLORS.rule,
    });
    this.y -= 4;
  }

  space(points: number) {
    this.y -= points;
  }

  /** Draws "page N of M" and a label at the foot of every page. */
  footer(label: string) {
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      const text = toDrawableText(
        `${label} · page ${index + 1} of ${total}`,
        this.fonts,
      );
      page.drawText(text, {
        x: MARGIN,
        y: MARGIN - 20,
        size: 8,
        font: this.fonts.regular,
        color: COLORS.muted,
      });
    });
  }
}
