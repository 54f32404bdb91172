import { readFile } from "node:fs/promises";
import path from "node:path";

import fontkit from "@pdf-lib/fontkit";
import {
  Encodings,
  Font,
  FontNames,
  type EncodingType,
} from "@pdf-lib/standard-fonts";
import type { PDFDocument, PDFFont } from "pdf-lib";

import { getLogger } from "@/lib/logger";

/**
 * Fonts for the screening report. A report whose text is all in
 * WinAnsiEncoding (Latin-1 and the Windows-1252 punctuation) uses the PDF
 * standard fonts Helvetica and Helvetica-Bold, which no PDF embeds
 * (`standardFonts`). Any other report embeds DejaVu Sans (Latin, Greek,
 * Cyrillic, Vietnamese and more) from the dejavu-fonts-ttf package, or
 * else the copy Debian installs (`embedReportFonts`). Characters the
 * chosen font lacks are replaced by `toDrawableText`.
 */

/**
 * One face of a PDF standard font in WinAnsiEncoding, with the widths of
 * its AFM metrics. Text is measured and drawn without kerning.
 */
export class StandardFace {
  private readonly metrics: Font;
  private readonly encoding: EncodingType = Encodings.WinAnsi;
  // Width at 1000 points by character. The AFM widths are integers, so
  // sums of them are exact.
  private readonly widths = new Map<string, number>();

  constructor(readonly name: FontNames.Helvetica | FontNames.HelveticaBold) {
    this.metrics = Font.load(name);
  }

  /** Code points the face can draw. */
  characterSet(): number[] {
    return this.encoding.supportedCodePoints;
  }

  widthOfTextAtSize(text: string, size: number): number {
    let total = 0;
    for (const character of text) {
      let width = this.widths.get(character);
      if (width === undefined) {
        const { name } = this.encoding.encodeUnicodeCodePoint(
          character.codePointAt(0) ?? 0,
        );
        // The AFM files give every WinAnsi glyph a width. The fallback 250
        // is pdf-lib's default for a glyph without one, so both agree.
        width = this.metrics.getWidthOfGlyph(name) || 250;
        this.widths.set(character, width);
      }
      total += width;
    }
    return total * (size / 1000);
  }

  /**
   * Returns the text's WinAnsi codes as a string of one char per byte,
   * for a Latin-1 buffer. Throws for a character outside WinAnsiEncoding.
   */
  encode(text: string): string {
    let codes = "";
    for (const character of text) {
      const code = character.codePointAt(0) ?? 0;
      codes += String.fromCharCode(
        code >= 0x20 && code < 0x7f
          ? code
          : this.encoding.encodeUnicodeCodePoint(code).code,
      );
    }
    return codes;
  }
}

/** A report font: a PDF standard face, or a font embedded with pdf-lib. */
export type ReportFont = StandardFace | PDFFont;

export type ReportFonts = {
  regular: ReportFont;
  bold: ReportFont;
  // Code points both faces can draw.
  characters: ReadonlySet<number>;
  source: "dejavu-package" | "dejavu-system" | "helvetica";
};

// The package directory is found from the working directory instead of
// require.resolve, so the path does not depend on how a bundler rewrites
// module resolution. `next start`, tsx and Vitest run from the project root.
const FONT_DIRECTORIES = [
  {
    source: "dejavu-package",
    directory: path.join(process.cwd(), "node_modules/dejavu-fonts-ttf/ttf"),
  },
  { source: "dejavu-system", directory: "/usr/share/fonts/truetype/dejavu" },
] as const;

const log = getLogger("screening.report");

type FontFiles = {
  regular: Uint8Array;
  bold: Uint8Array;
  source: Exclude<ReportFonts["source"], "helvetica">;
};

// Cached per process, because the two TTF files are about 1.4 MB together.
let cachedFiles: Promise<FontFiles | null> | null = null;

// Code points both DejaVu faces can draw, computed on the first embed.
let cachedCharacters: ReadonlySet<number> | null = null;

// Helvetica and Helvetica-Bold, built on first use.
let standard: ReportFonts | null = null;

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type FontkitFont = ReturnType<Fontkit["create"]>;

// Parsed fonts by the file bytes they came from. pdf-lib calls
// fontkit.create for every document, and the font's layout tables (GSUB,
// GPOS) are then decoded again on first use. That was about a quarter of
// a report's render time (bench/profile-summary.ts on the bench's
// write-back phase). One parse can serve every document because fontkit
// only fills caches of decoded tables and glyphs after parsing, and each
// embed still makes its own subset.
const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

const cachingFontkit: Fontkit = {
  create(bytes, postscriptName) {
    // A font collection needs the name of the face to pick; pdf-lib does
    // not pass one, so only the single-face case is cached.
    if (postscriptName !== undefined) {
      return fontkit.create(bytes, postscriptName);
    }
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = fontkit.create(bytes);
      cacheLayouts(font);
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

// Glyph runs kept per parsed font. A map is emptied when it reaches the
// limit. A run of a 100-character line took 7.8 KiB of heap on Node 20, so
// a full map is at most about 15 MiB, and less for the shorter lines most
// reports have.
const GLYPH_RUNS_LIMIT = 2_000;

// Every font's glyph run map, so `clearReportFontCache` can empty them.
const layoutCaches = new Set<Map<string, unknown>>();

/**
 * Makes `font.layout` return the stored glyph run for a text it has laid
 * out before. pdf-lib 1.17 lays out a line to measure it and again to
 * draw it, and the same labels recur in every report. pdf-lib only reads
 * the run's glyphs and their advance widths. Its subset embedder adds
 * each glyph to the document's own subset when it draws, so sharing runs
 * between documents does not share subsets. fontkit already returns one
 * glyph object per glyph id. Calls with features or a script are not
 * cached.
 */
function cacheLayouts(font: FontkitFont) {
  const layout = font.layout.bind(font);
  const runs = new Map<string, ReturnType<FontkitFont["layout"]>>();
  font.layout = (text, ...rest) => {
    if (rest.some((argument) => argument !== undefined)) {
      return layout(text, ...rest);
    }
    let run = runs.get(text);
    if (!run) {
      run = layout(text);
      if (runs.size >= GLYPH_RUNS_LIMIT) runs.clear();
      runs.set(text, run);
    }
    return run;
  };
  layoutCaches.add(runs);
}

// Text widths at 1000 points by font source and face, shared by every
// report. Labels, headings and skill names recur from one report to the
// next, and each width costs a full text layout. A face's map is emptied
// when it reaches the limit, so it holds at most that many texts.
const textWidths = new Map<string, Map<string, number>>();
const TEXT_WIDTHS_LIMIT = 20_000;

/** Forgets the font files, parsed fonts and widths, so tests can render cold. */
export function clearReportFontCache() {
  cachedFiles = null;
  cachedCharacters = null;
  textWidths.clear();
  standard = null;
  for (const runs of layoutCaches) runs.clear();
  layoutCaches.clear();
}

/**
 * Measures the drawn width of text in one of the report fonts. A standard
 * face sums its characters' widths, because the report draws standard-font
 * text without kerning. For an embedded font this is
 * `font.widthOfTextAtSize(text, size)`: pdf-lib 1.17 computes that width
 * as a sum over the glyphs times size / 1000, so the width at 1000 points
 * times size / 1000 is the identical number, and it is cached. Any other
 * font is measured with `widthOfTextAtSize`.
 */
export function measureText(
  fonts: ReportFonts,
  font: ReportFont,
  text: string,
  size: number,
): number {
  if (font instanceof StandardFace) return font.widthOfTextAtSize(text, size);
  let face: "regular" | "bold" | null = null;
  if (font === fonts.regular) face = "regular";
  if (font === fonts.bold) face = "bold";
  if (face === null) return font.widthOfTextAtSize(text, size);

  const key = `${fonts.source}/${face}`;
  let widths = textWidths.get(key);
  if (!widths) {
    widths = new Map();
    textWidths.set(key, widths);
  }
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size >= TEXT_WIDTHS_LIMIT) widths.clear();
    width = font.widthOfTextAtSize(text, 1000);
    widths.set(text, width);
  }
  return width * (size / 1000);
}

async function readFontFiles(): Promise<FontFiles | null> {
  for (const { source, directory } of FONT_DIRECTORIES) {
    try {
      const [regular, bold] = await Promise.all([
        readFile(path.join(directory, "DejaVuSans.ttf")),
        readFile(path.join(directory, "DejaVuSans-Bold.ttf")),
      ]);
      return { regular, bold, source };
    } catch (error) {
      log.warn({ err: error, directory }, "DejaVu Sans font files not found");
    }
  }
  log.warn("no DejaVu Sans found, reports will use Helvetica (Latin-1 only)");
  return null;
}

/**
 * Embeds DejaVu Sans and DejaVu Sans Bold in a document, subset to the
 * glyphs used, which keeps the two-page report in the tests near 30 KB.
 * Returns null when neither copy of the font files can be read. The font
 * is DejaVu because with pdf-lib 1.17 and @pdf-lib/fontkit 1.1, a Noto
 * Sans subset drew most glyphs blank in poppler, and a full Noto embed
 * mapped some glyphs to the wrong characters for text extraction.
 */
export async function embedReportFonts(
  document: PDFDocument,
): Promise<ReportFonts | null> {
  cachedFiles ??= readFontFiles();
  const files = await cachedFiles;
  if (!files) return null;

  document.registerFontkit(cachingFontkit);
  const regular = await document.embedFont(files.regular, { subset: true });
  const bold = await document.embedFont(files.bold, { subset: true });
  cachedCharacters ??= commonCharacters(
    regular.getCharacterSet(),
    bold.getCharacterSet(),
  );
  return { regular, bold, characters: cachedCharacters, source: files.source };
}

/**
 * Returns Helvetica and Helvetica-Bold. Both are PDF standard fonts, so a
 * PDF names them without embedding them, and their text is drawn in
 * WinAnsiEncoding without fontkit.
 */
export function standardFonts(): ReportFonts {
  if (!standard) {
    const regular = new StandardFace(FontNames.Helvetica);
    const bold = new StandardFace(FontNames.HelveticaBold);
    standard = {
      regular,
      bold,
      characters: commonCharacters(regular.characterSet(), bold.characterSet()),
      source: "helvetica",
    };
  }
  return standard;
}

// Scripts that @pdf-lib/fontkit 1.1.1 shapes with its Indic or Universal
// shaper (its SHAPERS table). Both find syllables with a generator that the
// published bundle compiled for regenerator-runtime without including it,
// so laying out such text throws "ReferenceError: regeneratorRuntime is not
// defined". fontkit picks the shaper by the first character of a known
// script in the string, and only when the font's GSUB or GPOS table lists
// that script. DejaVu Sans 2.37 lists Tifinagh, so a name starting with
// Tifinagh made the report fail. These characters are treated as missing.
const UNSHAPEABLE_SCRIPTS = new RegExp(
  [
    "Balinese",
    "Batak",
    "Bengali",
    "Brahmi",
    "Buginese",
    "Buhid",
    "Chakma",
    "Cham",
    "Devanagari",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Grantha",
    "Gujarati",
    "Gurmukhi",
    "Hanunoo",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Kayah_Li",
    "Kharoshthi",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lepcha",
    "Limbu",
    "Mahajani",
    "Malayalam",
    "Meetei_Mayek",
    "Modi",
    "Oriya",
    "Pahawh_Hmong",
    "Rejang",
    "Saurashtra",
    "Sharada",
    "Siddham",
    "Sinhala",
    "Sundanese",
    "Syloti_Nagri",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Telugu",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
  ]
    .map((script) => `\\p{Script=${script}}`)
    .join("|"),
  "u",
);

function commonCharacters(regular: number[], bold: number[]): Set<number> {
  const boldCharacters = new Set(bold);
  return new Set(
    regular.filter(
      (code) =>
        boldCharacters.has(code) &&
        !UNSHAPEABLE_SCRIPTS.test(String.fromCodePoint(code)),
    ),
  );
}

/**
 * Returns the first code point of text that the fonts cannot draw, or
 * undefined if they can draw all of it. Line breaks and tabs are skipped,
 * because `toDrawableText` turns them into spaces.
 */
export function findMissingCharacter(
  text: string,
  fonts: ReportFonts,
): number | undefined {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code === 0x0a || code === 0x0d || code === 0x09) continue;
    if (!fonts.characters.has(code)) return code;
  }
  return undefined;
}

/**
 * Makes text drawable with the fonts: accents the font lacks are dropped
 * ("ő" stays only if drawable, and becomes "o" under Helvetica), and any
 * other missing character becomes "?". Line breaks become spaces. Soft
 * hyphens are dropped: they only mark where a word may break, and both
 * fonts would draw them as visible hyphens mid-word.
 */
export function toDrawableText(text: string, fonts: ReportFonts): string {
  let output = "";
  const plain = text.replace(/[\r\n\t]+/g, " ").replaceAll("\u00ad", "");
  for (const character of plain) {
    const code = character.codePointAt(0) ?? 0;
    if (fonts.characters.has(code)) {
      output += character;
      continue;
    }
    const base = character.normalize("NFD").replace(/\p{M}+/gu, "");
    const baseCode = base.codePointAt(0) ?? 0;
    output += base.length === 1 && fonts.characters.has(baseCode) ? base : "?";
  }
  return output;
}
