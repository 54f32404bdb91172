import { rgb, type PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";

import {
  StandardFace,
  type ReportFont,
  type ReportFonts,
} from "@/lib/screening/report/fonts";

/**
 * The target `PdfWriter` draws on: pages of text and rules in one pair of
 * fonts. `StandardPdf` writes a Helvetica report directly, and `PdfLibSurface`
 * draws through pdf-lib, which embeds other fonts. Sizes are in PDF points
 * (1/72 inch), from the page's lower left corner.
 */
export interface PdfSurface {
  readonly fonts: ReportFonts;
  /** Adds a page and returns its index. */
  addPage(width: number, height: number): number;
  drawText(page: number, text: string, draw: TextDraw): void;
  drawRule(page: number, rule: RuleDraw): void;
}

/** A color as red, green and blue from 0 to 1. */
export type Color = { red: number; green: number; blue: number };

export type TextDraw = {
  x: number;
  y: number;
  size: number;
  font: ReportFont;
  color: Color;
};

export type RuleDraw = {
  start: { x: number; y: number };
  end: { x: number; y: number };
  thickness: number;
  color: Color;
};

export type DocumentInfo = {
  title: string;
  subject: string;
  producer: string;
  creationDate: Date;
};

/** Draws on a pdf-lib document with fonts embedded in it. */
export class PdfLibSurface implements PdfSurface {
  private readonly pages: PDFPage[] = [];

  constructor(
    private readonly document: PDFDocument,
    readonly fonts: ReportFonts,
  ) {}

  addPage(width: number, height: number): number {
    this.pages.push(this.document.addPage([width, height]));
    return this.pages.length - 1;
  }

  drawText(page: number, text: string, draw: TextDraw) {
    this.page(page).drawText(text, {
      x: draw.x,
      y: draw.y,
      size: draw.size,
      font: embeddedFont(draw.font),
      color: toRgb(draw.color),
    });
  }

  drawRule(page: number, rule: RuleDraw) {
    this.page(page).drawLine({
      start: rule.start,
      end: rule.end,
      thickness: rule.thickness,
      color: toRgb(rule.color),
    });
  }

  private page(index: number): PDFPage {
    const page = this.pages[index];
    if (!page) throw new RangeError(`no page ${index} in this PDF`);
    return page;
  }
}

function embeddedFont(font: ReportFont): PDFFont {
  if (font instanceof StandardFace) {
    throw new TypeError("PdfLibSurface draws only fonts embedded with pdf-lib");
  }
  return font;
}

function toRgb(color: Color) {
  return rgb(color.red, color.green, color.blue);
}
