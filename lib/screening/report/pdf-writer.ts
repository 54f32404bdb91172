import { getLogger } from "@/lib/logger";
import {
  findMissingCharacter,
  measureText,
  toDrawableText,
  type ReportFont,
  type ReportFonts,
} from "@/lib/screening/report/fonts";
import type {
  Color,
  PdfSurface,
  TextDraw,
} from "@/lib/screening/report/pdf-surface";

/**
 * A top-to-bottom text writer over a `PdfSurface`: wraps words to the
 * page width and starts a new page when the next line would not fit.
 * Sizes are in PDF points (1/72 inch).
 */

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const FOOTER_SPACE = 30;
const LINE_SPACING = 1.35;

const rgb = (red: number, green: number, blue: number): Color => ({
  red,
  green,
  blue,
});

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.4, 0.4, 0.45),
  accent: rgb(0.12, 0.35, 0.7),
  good: rgb(0.1, 0.5, 0.25),
  bad: rgb(0.7, 0.15, 0.15),
  rule: rgb(0.8, 0.8, 0.84),
};

const log = getLogger("screening.report");

// Replaces every character except printable ASCII with "?". fontkit 1.1.1
// lays out such text with its default shaper, which does not throw.
function toAsciiText(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, "?");
}

/** Error thrown by a strict `PdfWriter` for text its fonts cannot draw. */
export class MissingCharacterError extends Error {
  constructor(readonly codePoint: number) {
    super(
      `report fonts cannot draw U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`,
    );
    this.name = "MissingCharacterError";
  }
}

export type PdfWriterOptions = {
  // Throw MissingCharacterError for a character the fonts lack, instead of
  // replacing it, so the caller can render again with other fonts.
  strict?: boolean;
};

export type TextStyle = {
  size?: number;
  bold?: boolean;
  color?: Color;
  indent?: number;
  // Extra space after the block, in points.
  after?: number;
};

export class PdfWriter {
  readonly fonts: ReportFonts;
  private pageCount = 0;
  private y = 0;

  constructor(
    private readonly surface: PdfSurface,
    private readonly options: PdfWriterOptions = {},
  ) {
    this.fonts = surface.fonts;
    this.addPage();
  }

  // The page being written, the last one added.
  private get page(): number {
    return this.pageCount - 1;
  }

  private addPage() {
    this.surface.addPage(A4.width, A4.height);
    this.pageCount += 1;
    this.y = A4.height - MARGIN;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number) {
    if (this.y - height < MARGIN + FOOTER_SPACE) this.addPage();
  }

  /**
   * Splits text into lines no wider than `width` at `size`, filling each
   * line with as many words as fit.
   */
  wrap(text: string, font: ReportFont, size: number, width: number): string[] {
    // Most report texts fit on one line, which one layout confirms. The
    // word loops below drop a leading empty word and keep a trailing one,
    // so the single line is built the same way.
    const words = text.split(/ +/);
    if (words.length > 1 && words[0] === "") words.shift();
    const whole = words.join(" ");
    if (this.measure(font, whole, size) <= width) return [whole];
    return (
      this.wrapBySummedWidths(text, font, size, width) ??
      this.wrapByLineWidths(text, font, size, width)
    );
  }

  /**
   * Wraps like `wrapByLineWidths`, but estimates a line's width as the sum
   * of its words' widths, each laid out with the space before it, so each
   * word is laid out once instead of the whole line once per word. The
   * sum equals the laid-out line when no kerning or substitution crosses a
   * space, which holds for every glyph of DejaVu Sans and DejaVu Sans Bold
   * next to a space. Each break and each finished line is checked against
   * the exact width of the whole line, and any mismatch returns null, so
   * the caller falls back to the exact wrap and the lines never differ.
   */
  private wrapBySummedWidths(
    text: string,
    font: ReportFont,
    size: number,
    width: number,
  ): string[] | null {
    const measure = (value: string) => this.measure(font, value, size);
    const lines: string[] = [];
    let line = "";
    let lineWidth = 0;
    // True while lineWidth is a sum of parts, not a measured line.
    let summed = false;
    const lineTooWide = () => summed && measure(line) > width;

    for (const word of text.split(/ +/)) {
      if (line) {
        const candidateWidth = lineWidth + measure(` ${word}`);
        if (candidateWidth <= width) {
          line = `${line} ${word}`;
          lineWidth = candidateWidth;
          summed = true;
          continue;
        }
        if (measure(`${line} ${word}`) <= width || lineTooWide()) return null;
        lines.push(line);
      } else if (measure(word) <= width) {
        line = word;
        lineWidth = measure(word);
        summed = false;
        continue;
      }
      line = this.cutLongWord(word, font, size, width, lines);
      lineWidth = measure(line);
      summed = false;
    }
    if (line) {
      if (lineTooWide()) return null;
      lines.push(line);
    }
    return lines.length > 0 ? lines : [""];
  }

  /** Wraps by laying out each candidate line whole. */
  private wrapByLineWidths(
    text: string,
    font: ReportFont,
    size: number,
    width: number,
  ): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (this.measure(font, candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = this.cutLongWord(word, font, size, width, lines);
    }
    if (line) lines.push(line);
    return lines.length > 0 ? lines : [""];
  }

  /**
   * Cuts a word wider than the line (a long URL) by characters, pushes
   * the full pieces onto `lines` and returns the last piece. Each piece is
   * the longest start of the rest that fits, at least one character.
   */
  private cutLongWord(
    word: string,
    font: ReportFont,
    size: number,
    width: number,
    lines: string[],
  ): string {
    let line = word;
    while (this.measure(font, line, size) > width && line.length > 1) {
      const cut = this.longestFittingStart(line, font, size, width);
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
    return line;
  }

  /**
   * Returns the length of the longest start of `text`, shorter than the
   * whole, that fits `width`, or 1 if none does. A start is never
   * narrower than a shorter start, so doubling finds a length that does
   * not fit and halving then narrows it down. This measures starts about
   * as long as a line, where trying one length after another measured
   * the whole text for each cut (seconds for a 6,000-character word).
   */
  private longestFittingStart(
    text: string,
    font: ReportFont,
    size: number,
    width: number,
  ): number {
    const fits = (length: number) =>
      this.measure(font, text.slice(0, length), size) <= width;
    const longest = text.length - 1;
    if (longest <= 1 || !fits(1)) return 1;
    let fitting = 1;
    let tooLong = 2;
    while (tooLong <= longest && fits(tooLong)) {
      fitting = tooLong;
      tooLong *= 2;
    }
    tooLong = Math.min(tooLong, longest + 1);
    while (tooLong - fitting > 1) {
      const middle = Math.floor((fitting + tooLong) / 2);
      if (fits(middle)) fitting = middle;
      else tooLong = middle;
    }
    return fitting;
  }

  private measure(font: ReportFont, text: string, size: number): number {
    return measureText(this.fonts, font, text, size);
  }

  /** Writes a wrapped paragraph. */
  text(value: string, style: TextStyle = {}) {
    const size = style.size ?? 10;
    const font = style.bold ? this.fonts.bold : this.fonts.regular;
    const indent = style.indent ?? 0;
    const width = A4.width - 2 * MARGIN - indent;
    const lineHeight = size * LINE_SPACING;
    const drawable = this.toDrawable(value);

    for (const line of this.wrapSafely(drawable, font, size, width)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      this.drawLine(this.page, line, {
        x: MARGIN + indent,
        y: this.y,
        size,
        font,
        color: style.color ?? COLORS.text,
      });
    }
    this.y -= style.after ?? 0;
  }

  private toDrawable(value: string): string {
    if (this.options.strict) {
      const missing = findMissingCharacter(value, this.fonts);
      if (missing !== undefined) throw new MissingCharacterError(missing);
    }
    return toDrawableText(value, this.fonts);
  }

  /**
   * Wraps like `wrap`, but if the font's text layout throws, logs the error
   * and wraps the text with every non-ASCII character replaced by "?".
   * `toDrawableText` already removes the characters known to fail, so this
   * only guards against layout errors not yet known.
   */
  private wrapSafely(
    text: string,
    font: ReportFont,
    size: number,
    width: number,
  ): string[] {
    try {
      return this.wrap(text, font, size, width);
    } catch (error) {
      log.warn(
        { err: error, codePoints: codePointsOf(text) },
        "report text layout failed, wrapping the line as ASCII",
      );
      return this.wrap(toAsciiText(text), font, size, width);
    }
  }

  /**
   * Draws one line of text. If the font's text layout throws, logs the
   * error and draws the line with every non-ASCII character replaced by
   * "?", so a layout error in one line does not fail the whole report.
   */
  private drawLine(page: number, line: string, draw: TextDraw) {
    try {
      this.surface.drawText(page, line, draw);
    } catch (error) {
      log.warn(
        { err: error, codePoints: codePointsOf(line) },
        "report text layout failed, drawing the line as ASCII",
      );
      this.surface.drawText(page, toAsciiText(line), draw);
    }
  }

  /** Writes a bulleted list item. */
  bullet(value: string, style: TextStyle = {}) {
    const indent = style.indent ?? 0;
    const size = style.size ?? 10;
    this.ensureSpace(size * LINE_SPACING);
    this.drawLine(this.page, "•", {
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
    this.surface.drawRule(this.page, {
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
    const total = this.pageCount;
    for (let page = 0; page < total; page++) {
      const text = this.toDrawable(`${label} · page ${page + 1} of ${total}`);
      this.drawLine(page, text, {
        x: MARGIN,
        y: MARGIN - 20,
        size: 8,
        font: this.fonts.regular,
        color: COLORS.muted,
      });
    }
  }
}

// Code points as "U+XXXX" for logs, because the text itself may be personal
// data such as a candidate's name.
function codePointsOf(text: string): string[] {
  const codes = new Set<string>();
  for (const character of text) {
    if (/[\x20-\x7e]/u.test(character)) continue;
    const code = character.codePointAt(0) ?? 0;
    codes.add(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return [...codes];
}
