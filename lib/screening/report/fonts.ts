import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

import fontkit from "@pdf-lib/fontkit";
import { StandardFonts, type PDFDocument, type PDFFont } from "pdf-lib";

import { getLogger } from "@/lib/logger";

/**
 * Fonts for the screening report. The PDF standard fonts only cover
 * Latin-1, so the report embeds Noto Sans (Latin, Greek, Cyrillic and
 * Vietnamese) from the @expo-google-fonts/noto-sans package, then tries
 * Debian's DejaVu Sans, and only then falls back to Helvetica. Characters
 * the chosen font lacks are replaced by `toDrawableText`, so an unusual
 * name never makes rendering throw.
 */

export type ReportFonts = {
  regular: PDFFont;
  bold: PDFFont;
  // Code points the fonts can draw; both faces share one character set.
  characters: Set<number>;
  source: "noto-sans" | "dejavu-sans" | "helvetica";
};

const NOTO_REGULAR =
  "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf";
const NOTO_BOLD = "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf";
const DEJAVU_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

const log = getLogger("screening.report");

type FontFiles = { regular: Uint8Array; bold: Uint8Array };

// Cached per process: the two TTF files are about 1 MB together.
let cachedFiles: Promise<{
  files: FontFiles;
  source: ReportFonts["source"];
} | null> | null = null;

async function readFontFiles() {
  try {
    const require = createRequire(import.meta.url);
    const [regular, bold] = await Promise.all([
      readFile(require.resolve(NOTO_REGULAR)),
      readFile(require.resolve(NOTO_BOLD)),
    ]);
    return { files: { regular, bold }, source: "noto-sans" as const };
  } catch (error) {
    log.warn({ err: error }, "Noto Sans font files not found; trying DejaVu");
  }
  try {
    const [regular, bold] = await Promise.all([
      readFile(DEJAVU_REGULAR),
      readFile(DEJAVU_BOLD),
    ]);
    return { files: { regular, bold }, source: "dejavu-sans" as const };
  } catch (error) {
    log.warn({ err: error }, "DejaVu font files not found; using Helvetica");
    return null;
  }
}

/** Embeds the report fonts in a document, subset to the glyphs used. */
export async function embedReportFonts(
  document: PDFDocument,
): Promise<ReportFonts> {
  cachedFiles ??= readFontFiles();
  const found = await cachedFiles;

  if (found) {
    document.registerFontkit(fontkit);
    const regular = await document.embedFont(found.files.regular, {
      subset: true,
    });
    const bold = await document.embedFont(found.files.bold, { subset: true });
    const characters = new Set(regular.getCharacterSet());
    return { regular, bold, characters, source: found.source };
  }

  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  return {
    regular,
    bold,
    characters: new Set(regular.getCharacterSet()),
    source: "helvetica",
  };
}

/**
 * Makes text drawable with the fonts: accents the font lacks are dropped
 * ("Ł" stays only if drawable, "é" becomes "e" under Helvetica), and any
 * other missing character becomes "?". Line breaks become spaces.
 */
export function toDrawableText(text: string, fonts: ReportFonts): string {
  let output = "";
  for (const character of text.replace(/[\r\n\t]+/g, " ")) {
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
