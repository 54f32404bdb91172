import { inflateSync } from "node:zlib";

import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  StandardFonts,
} from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";

import {
  clearReportFontCache,
  embedReportFonts,
  findMissingCharacter,
  measureText,
  standardFonts,
  toDrawableText,
  type ReportFonts,
} from "@/lib/screening/report/fonts";
import { PdfLibSurface } from "@/lib/screening/report/pdf-surface";
import {
  MissingCharacterError,
  PdfWriter,
} from "@/lib/screening/report/pdf-writer";
import {
  renderReport,
  type ReportMeta,
} from "@/lib/screening/report/render-report";
import { StandardPdf } from "@/lib/screening/report/standard-pdf";
import type { ScreeningResult } from "@/lib/screening/result";
import { extractResumeText } from "@/lib/screening/resume-text";
import { screenCandidate } from "@/lib/screening/screen-candidate";
import { createDefaultWorkflow } from "@/lib/screening/workflow";
import { readResume } from "@/tests/fixtures/resume-files";

const REFERENCE = new Date("2024-06-15T12:00:00Z");

const META: ReportMeta = {
  candidateName: "Sarah Johnson",
  jobTitle: "Senior React Developer",
  agentName: "Frontend screener",
  workspaceName: "Acme Talent",
  timeZone: "Europe/Berlin",
  generatedAt: new Date("2024-06-16T10:00:00Z"),
  links: [{ label: "Candidate in Tracker", url: "https://tracker.test/c/42" }],
};

async function screenSarah(): Promise<ScreeningResult> {
  const resume = await extractResumeText(
    readResume("sarah-johnson-senior-react-developer.pdf"),
  );
  return screenCandidate(
    createDefaultWorkflow(),
    {
      resume: { kind: "resume", resume },
      form: {
        kind: "form",
        status: "answered",
        answers: [
          { questionId: "work-authorization", value: "Yes" },
          { questionId: "years-experience", value: "6 years" },
          { questionId: "motivation", value: "I enjoy building trading UIs." },
        ],
        transcript: Array.from({ length: 15 }, (_, index) => ({
          speaker:
            index % 2 === 0 ? ("agent" as const) : ("candidate" as const),
          text: `Transcript line ${index + 1}`,
        })),
        media: [
          {
            kind: "audio",
            url: "https://media.test/calls/42.mp3",
            label: "Call recording",
          },
        ],
        completedAt: new Date("2024-06-16T09:30:00Z"),
      },
    },
    {
      referenceDate: REFERENCE,
      jobDescription: "Senior React Developer\nReact, TypeScript, Redux.",
    },
  );
}

/** Embeds DejaVu Sans, which the dejavu-fonts-ttf package provides. */
async function embedDejaVu(document: PDFDocument): Promise<ReportFonts> {
  const fonts = await embedReportFonts(document);
  if (!fonts) throw new Error("DejaVu Sans files not found");
  return fonts;
}

/** pdf-lib's own Helvetica faces, to check the report's metrics against. */
async function embedPdfLibHelvetica() {
  const document = await PDFDocument.create();
  return {
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
}

async function readPdfText(bytes: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe("renderReport", () => {
  test("report shows name and score", async () => {
    const result = await screenSarah();
    const pdf = await renderReport(result, META);
    const text = await readPdfText(pdf);

    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(text).toContain("Sarah Johnson");
    expect(text).toContain(`Overall score: ${result.overallScore}/100`);
    expect(text).toContain("Senior React Developer");
    expect(text).toContain("Frontend screener");
  });

  test("report shows breakdown and evidence", async () => {
    const result = await screenSarah();
    const text = await readPdfText(await renderReport(result, META));
    const react = result.steps[0]?.criteria.find(
      (item) => item.name === "React",
    );

    expect(text).toContain("Resume review");
    expect(text).toContain("React: 100/100, met");
    expect(react?.evidence[0]).toBeDefined();
    expect(text).toContain(react?.evidence[0] ?? "");
    expect(text).toContain("Are you authorized to work");
  });

  test("report shows transcript excerpt and links", async () => {
    const text = await readPdfText(
      await renderReport(await screenSarah(), META),
    );

    expect(text).toContain("Transcript line 12");
    expect(text).not.toContain("Transcript line 13");
    expect(text).toContain("3 more lines are in the full transcript.");
    expect(text).toContain("https://media.test/calls/42.mp3");
    expect(text).toContain("https://tracker.test/c/42");
  });

  test("completion time uses the zone", async () => {
    const text = await readPdfText(
      await renderReport(await screenSarah(), META),
    );

    // 09:30 UTC is 11:30 in Berlin in June (CEST).
    expect(text).toContain("16 Jun 2024, 11:30 CEST");
  });

  test.each([
    ["Cyrillic", "Дмитрий Иванов"],
    ["Greek", "Σοφία Παπαδοπούλου"],
    ["Latin accents", "Zoë Ødegård-Łukasiewicz"],
    ["Vietnamese", "Nguyễn Thị Hương"],
  ])("%s names render", async (_script, name) => {
    const result = await screenSarah();
    const text = await readPdfText(
      await renderReport(result, { ...META, candidateName: name }),
    );

    expect(text).toContain(name);
  });

  test("unsupported script falls back", async () => {
    const result = await screenSarah();
    const pdf = await renderReport(result, {
      ...META,
      candidateName: "王小明 🚀 Wang",
    });
    const text = await readPdfText(pdf);

    expect(text).toContain("Wang");
    expect(text).toContain("Overall score");
  });

  const complexScripts = [
    ["Tifinagh", "ⵜⴰⵎⴰⵣⵉⵖⵜ ⴰⵎⵓⵔ"],
    ["Tifinagh after Latin", "Amur ⵜⴰⵎⴰⵣⵉⵖⵜ"],
    ["Arabic", "محمد العلي"],
    ["Devanagari", "प्रिया शर्मा"],
    ["Thai", "สมชาย ใจดี"],
    ["Hebrew", "דוד כהן"],
    ["Hangul", "김민준"],
    ["emoji", "🚀 Alex 👩🏽‍💻"],
    ["combining marks", "Zoe\u0308 A\u0301ngel n\u0303\u0301"],
  ];

  test.each(complexScripts)(
    "%s text renders a valid PDF",
    async (_script, value) => {
      const result = await screenSarah();
      const [firstStep, ...otherSteps] = result.steps;
      const [firstCriterion, ...otherCriteria] = firstStep?.criteria ?? [];
      expect(firstCriterion).toBeDefined();
      const withText: ScreeningResult = {
        ...result,
        summary: value,
        steps: [
          {
            ...firstStep!,
            criteria: [
              {
                ...firstCriterion!,
                name: value,
                evidence: [value, `${value} ${value}`],
              },
              ...otherCriteria,
            ],
          },
          ...otherSteps,
        ],
      };

      const pdf = await renderReport(withText, {
        ...META,
        candidateName: value,
        jobTitle: value,
      });
      const document = await PDFDocument.load(pdf);
      const text = await readPdfText(pdf);

      expect(document.getPageCount()).toBeGreaterThan(0);
      expect(text).toContain("Overall score");
      expect(text).toContain("Transcript line 12");
    },
  );

  test("a long unbroken answer renders", async () => {
    const result = await screenSarah();
    const answer = `${"x".repeat(19_990)}0123456789`;
    const [first, ...rest] = result.steps;
    const formStep = rest.find((step) => step.kind === "form")!;
    const withAnswer: ScreeningResult = {
      ...result,
      steps: [
        first!,
        {
          ...formStep,
          answers: formStep.answers.map((item, index) =>
            index === 0 ? { ...item, answer } : item,
          ),
        },
      ],
    };

    const startedAt = performance.now();
    const text = await readPdfText(await renderReport(withAnswer, META));
    // Cutting such a word one character at a time took minutes.
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(text.replace(/ /g, "")).toContain("xxxx0123456789");
  });

  test.each([
    ["an invalid date", new Date(Number.NaN)],
    ["a year past 9999", new Date("+010000-01-01T00:00:00Z")],
  ])("generation time of %s falls back to now", async (_name, generatedAt) => {
    const pdf = await renderReport(await screenSarah(), {
      ...META,
      generatedAt,
    });
    const document = await PDFDocument.load(pdf, { updateMetadata: false });

    expect(
      Math.abs(document.getCreationDate()!.getTime() - Date.now()),
    ).toBeLessThan(60_000);
  });

  test("unscored result renders", async () => {
    const resume = await extractResumeText(new Uint8Array(0));
    const result = await screenCandidate(
      createDefaultWorkflow(),
      { resume: { kind: "resume", resume } },
      { referenceDate: REFERENCE },
    );
    const text = await readPdfText(await renderReport(result, META));

    expect(text).toContain("Overall score: not scored");
    expect(text).toContain("No resume text");
    expect(text).toContain("The resume file is empty.");
  });

  test("long results span pages", async () => {
    const result = await screenSarah();
    const longResult: ScreeningResult = {
      ...result,
      highlights: Array.from({ length: 80 }, (_, index) => `Point ${index}`),
    };
    const pdf = await renderReport(longResult, META);
    const document = await getDocumentProxy(new Uint8Array(pdf));

    expect(document.numPages).toBeGreaterThan(1);
    const text = await readPdfText(pdf);
    expect(text).toContain(`page 1 of ${document.numPages}`);
  });
});

/**
 * Returns each page's decoded content stream, with the random suffix
 * pdf-lib adds to embedded font names removed, so two renders compare.
 */
async function readPageContents(bytes: Buffer): Promise<string[]> {
  const document = await PDFDocument.load(bytes);
  return document.getPages().map((page) => {
    const contents = page.node.Contents();
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    return refs
      .map((ref) => {
        const stream = document.context.lookup(ref) as PDFRawStream;
        const compressed = stream.dict.get(PDFName.of("Filter")) !== undefined;
        const raw = Buffer.from(stream.contents);
        return (compressed ? inflateSync(raw) : raw).toString("latin1");
      })
      .join("\n")
      .replace(/\/(DejaVuSans(?:-Bold)?)-\d+/g, "/$1");
  });
}

describe("renderReport font cache", () => {
  test("cold and cached renders match", async () => {
    const result = await screenSarah();
    const meta = { ...META, candidateName: "Zoë Łukasz-Ωmega 王" };

    clearReportFontCache();
    const cold = await renderReport(result, meta);
    const cached = await renderReport(result, meta);
    const coldPages = await readPageContents(cold);
    const cachedPages = await readPageContents(cached);

    expect(coldPages.length).toBeGreaterThan(0);
    expect(cachedPages).toEqual(coldPages);
    expect(await readPdfText(cached)).toBe(await readPdfText(cold));
  });

  test("each report embeds its own subset", async () => {
    const result = await screenSarah();
    // Ω is outside WinAnsiEncoding, so both reports embed DejaVu Sans.
    const same = { ...META, candidateName: "Sarah Ωmega" };
    const other = { ...META, candidateName: "Ärger Ölmann Ωmega" };

    await renderReport(result, same);
    const afterSame = await renderReport(result, same);
    const otherReport = await renderReport(result, other);
    const afterOther = await renderReport(result, same);
    const sameSizes = await readFontFileSizes(afterSame);

    expect(sameSizes).toHaveLength(2);
    expect(await readFontFileSizes(otherReport)).not.toEqual(sameSizes);
    expect(await readFontFileSizes(afterOther)).toEqual(sameSizes);
    expect(await readPdfText(afterOther)).not.toContain("Ärger");
  });
});

describe("renderReport fonts", () => {
  test("WinAnsi text uses Helvetica", async () => {
    const result = await screenSarah();
    const pdf = await renderReport(result, {
      ...META,
      candidateName: "Zoë Ødegård-Šára “Ann” €",
    });
    const text = await readPdfText(pdf);

    expect(await readFontNames(pdf)).toEqual(["Helvetica", "Helvetica-Bold"]);
    expect(await readFontFileSizes(pdf)).toEqual([]);
    expect(text).toContain("Zoë Ødegård-Šára “Ann” €");
    expect(text).toContain(`Overall score: ${result.overallScore}/100`);
    expect(text).toContain("page 1 of");
  });

  test.each([
    ["name", { candidateName: "Łukasz Nowak" }],
    ["job title", { jobTitle: "Développeur React – Łódź" }],
    ["footer link", { links: [{ label: "Ωmega", url: "https://x.test" }] }],
  ])("non-WinAnsi %s embeds DejaVu", async (_field, change) => {
    const result = await screenSarah();
    const pdf = await renderReport(result, { ...META, ...change });
    const text = await readPdfText(pdf);

    expect(await readFontNames(pdf)).toEqual(["DejaVuSans", "DejaVuSans-Bold"]);
    expect(await readFontFileSizes(pdf)).toHaveLength(2);
    expect(text).toContain(`Overall score: ${result.overallScore}/100`);
    for (const value of Object.values(change)) {
      if (typeof value === "string") expect(text).toContain(value);
    }
  });

  test("evidence outside WinAnsi embeds DejaVu", async () => {
    const result = await screenSarah();
    const [firstStep, ...otherSteps] = result.steps;
    const [firstCriterion, ...otherCriteria] = firstStep?.criteria ?? [];
    const evidence = "Built a Δ-sync engine";
    const pdf = await renderReport(
      {
        ...result,
        steps: [
          {
            ...firstStep!,
            criteria: [
              { ...firstCriterion!, evidence: [evidence] },
              ...otherCriteria,
            ],
          },
          ...otherSteps,
        ],
      },
      META,
    );

    expect(await readFontNames(pdf)).toEqual(["DejaVuSans", "DejaVuSans-Bold"]);
    expect(await readPdfText(pdf)).toContain(evidence);
  });
});

/** Returns the BaseFont names of the document's fonts, without subset tags. */
async function readFontNames(bytes: Buffer): Promise<string[]> {
  const document = await PDFDocument.load(bytes);
  const names = new Set<string>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    if (object.get(PDFName.of("Subtype")) === PDFName.of("CIDFontType2")) {
      continue;
    }
    const baseFont = object.get(PDFName.of("BaseFont"));
    if (!(baseFont instanceof PDFName)) continue;
    names.add(
      baseFont
        .decodeText()
        .replace(/^[A-Z]{6}\+/, "")
        .replace(/-\d+$/, ""),
    );
  }
  return [...names].sort();
}

/** Returns the decoded sizes of the embedded TrueType font files, sorted. */
async function readFontFileSizes(bytes: Buffer): Promise<number[]> {
  const document = await PDFDocument.load(bytes);
  const sizes: number[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    const fontFile = object.get(PDFName.of("FontFile2"));
    if (!fontFile) continue;
    const stream = document.context.lookup(fontFile) as PDFRawStream;
    sizes.push(inflateSync(Buffer.from(stream.contents)).length);
  }
  return sizes.sort((a, b) => a - b);
}

/** Wraps by laying out each candidate line whole, which PdfWriter.wrap must match. */
function wrapReference(
  text: string,
  measure: (value: string) => number,
  width: number,
): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (measure(line) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > width) {
        cut -= 1;
      }
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

describe("PdfWriter.wrap", () => {
  const paragraph =
    "Led the migration of a trading front end from AngularJS to React " +
    "and TypeScript, cut bundle size by 40% and page load by 1.2 s, and " +
    "mentored four engineers; office: Zürich, Łódź and Αθήνα.";
  const texts = [
    "",
    " ",
    "   ",
    "short",
    " leading space",
    "trailing space ",
    "double  spaces   inside",
    paragraph,
    `${paragraph} ${paragraph}`,
    `Online report: https://relay.test/report/${"x".repeat(60)} end`,
    `Token ${"Wa".repeat(150)}`,
    "fi fl ffi AV To Wa – “quoted” words…",
  ];

  test("matches whole-line layout", async () => {
    const document = await PDFDocument.create();
    const fonts = await embedDejaVu(document);
    const writer = new PdfWriter(new PdfLibSurface(document, fonts));

    for (const font of [fonts.regular, fonts.bold]) {
      for (const size of [8, 13]) {
        for (const width of [60, 495]) {
          for (const text of texts) {
            const expected = wrapReference(
              text,
              (value) => font.widthOfTextAtSize(value, size),
              width,
            );
            expect(
              writer.wrap(text, font, size, width),
              `${JSON.stringify(text)} at ${size} pt in ${width} pt`,
            ).toEqual(expected);
          }
        }
      }
    }
  });
});

describe("PdfWriter.wrap with Helvetica", () => {
  const paragraph =
    "Led the migration of a trading front end from AngularJS to React " +
    "and TypeScript, cut bundle size by 40% and page load by 1.2 s, and " +
    "mentored four engineers; offices: Zürich, Málaga and Århus.";
  const texts = [
    "",
    " leading space",
    "double  spaces   inside",
    paragraph,
    `${paragraph} ${paragraph}`,
    `Online report: https://relay.test/report/${"x".repeat(60)} end`,
    `Token ${"Wa".repeat(150)}`,
    "AV To Wa Yo – “quoted” words… • €",
  ];

  test("matches unkerned line widths", async () => {
    const fonts = standardFonts();
    const pdfLib = await embedPdfLibHelvetica();
    const writer = new PdfWriter(new StandardPdf());

    for (const [font, reference] of [
      [fonts.regular, pdfLib.regular],
      [fonts.bold, pdfLib.bold],
    ] as const) {
      // The report draws standard-font text without kerning, so a line is
      // as wide as the sum of its characters in pdf-lib's metrics.
      const measure = (value: string, size: number) =>
        [...value].reduce(
          (sum, character) =>
            sum + reference.widthOfTextAtSize(character, size),
          0,
        );
      for (const size of [8, 13]) {
        for (const width of [60, 495]) {
          for (const text of texts) {
            const expected = wrapReference(
              text,
              (value) => measure(value, size),
              width,
            );
            const lines = writer.wrap(text, font, size, width);

            expect(
              lines,
              `${JSON.stringify(text)} at ${size} pt in ${width} pt`,
            ).toEqual(expected);
            for (const line of lines.filter((value) => value.includes(" "))) {
              expect(measure(line, size)).toBeLessThanOrEqual(width);
            }
          }
        }
      }
    }
  });
});

describe("PdfWriter strict mode", () => {
  test("throws on missing character", async () => {
    const writer = new PdfWriter(new StandardPdf(), { strict: true });

    writer.text("Zoë “Ann” €");
    expect(() => writer.text("Łukasz")).toThrow(MissingCharacterError);
    expect(() => writer.footer("Ωmega")).toThrow("U+03A9");
  });
});

describe("PdfWriter layout errors", () => {
  test("failing line falls back to ASCII", async () => {
    const document = await PDFDocument.create();
    const fonts = await embedDejaVu(document);
    // Lets Tifinagh through to fontkit, whose shaper throws on it.
    const unsafeFonts: ReportFonts = {
      ...fonts,
      characters: new Set([...fonts.characters, 0x2d30, 0x2d5c]),
    };
    const writer = new PdfWriter(new PdfLibSurface(document, unsafeFonts));

    expect(() => fonts.regular.widthOfTextAtSize("ⵜⴰ", 10)).toThrow(
      /regeneratorRuntime/,
    );
    writer.text("ⵜⴰ Amur", { size: 22, bold: true });
    writer.bullet("ⵜⴰ evidence line");
    writer.footer("ⵜⴰ report");
    const pdf = Buffer.from(await document.save());
    const text = await readPdfText(pdf);

    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    expect(text).toContain("?? Amur");
    expect(text).toContain("?? evidence line");
    expect(text).toContain("?? report ? page 1 of 1");
  });
});

describe("measureText", () => {
  test("equals pdf-lib widths exactly", async () => {
    const document = await PDFDocument.create();
    const fonts = await embedDejaVu(document);
    const texts = ["", "Steps", "Found: React, TypeScript", "Zoë Ωmega 王 fi"];

    for (const font of [fonts.regular, fonts.bold]) {
      for (const size of [8, 8.5, 9, 10, 11, 13, 16, 22]) {
        for (const text of texts) {
          // Twice, so the second call reads the cache.
          for (let round = 0; round < 2; round++) {
            expect(measureText(fonts, font, text, size)).toBe(
              font.widthOfTextAtSize(text, size),
            );
          }
        }
      }
    }
  });

  test("sums Helvetica widths unkerned", async () => {
    const fonts = standardFonts();
    const pdfLib = await embedPdfLibHelvetica();

    for (const [font, reference] of [
      [fonts.regular, pdfLib.regular],
      [fonts.bold, pdfLib.bold],
    ] as const) {
      const unkerned =
        reference.widthOfTextAtSize("A", 10) +
        reference.widthOfTextAtSize("V", 10);

      expect(measureText(fonts, font, "AV", 10)).toBeCloseTo(unkerned, 10);
      expect(measureText(fonts, font, "AV", 10)).toBeGreaterThan(
        reference.widthOfTextAtSize("AV", 10),
      );
      expect(measureText(fonts, font, "", 10)).toBe(0);
      for (const code of fonts.characters) {
        const character = String.fromCodePoint(code);
        expect(measureText(fonts, font, character, 1000), character).toBe(
          reference.widthOfTextAtSize(character, 1000),
        );
      }
    }
  });

  test("measures other fonts directly", async () => {
    const document = await PDFDocument.create();
    const fonts = await embedDejaVu(document);
    const other = await document.embedFont(StandardFonts.Courier);

    expect(measureText(fonts, other, "Steps", 10)).toBe(
      other.widthOfTextAtSize("Steps", 10),
    );
    expect(measureText(fonts, other, "Steps", 10)).not.toBe(
      measureText(fonts, fonts.regular, "Steps", 10),
    );
  });
});

describe("embedReportFonts", () => {
  test("every drawable character lays out", async () => {
    const fonts = await embedDejaVu(await PDFDocument.create());
    const failed: string[] = [];

    for (const font of [fonts.regular, fonts.bold]) {
      for (const code of fonts.characters) {
        try {
          font.widthOfTextAtSize(String.fromCodePoint(code), 10);
        } catch (error) {
          failed.push(`U+${code.toString(16).toUpperCase()}: ${error}`);
        }
      }
    }

    expect(failed.slice(0, 5)).toEqual([]);
    expect(failed).toHaveLength(0);
  });

  test("excludes Tifinagh", async () => {
    const fonts = await embedDejaVu(await PDFDocument.create());

    expect(fonts.characters.has(0x2d30)).toBe(false);
    expect(toDrawableText("ⵜⴰ Amur", fonts)).toBe("?? Amur");
  });

  test("uses the packaged DejaVu font", async () => {
    const fonts = await embedDejaVu(await PDFDocument.create());

    expect(fonts.source).toBe("dejavu-package");
    expect(fonts.characters.has("Ж".codePointAt(0) ?? 0)).toBe(true);
    expect(fonts.characters.has("ễ".codePointAt(0) ?? 0)).toBe(true);
  });
});

describe("findMissingCharacter", () => {
  test("finds first missing character", async () => {
    const fonts = standardFonts();

    expect(findMissingCharacter("Zoë • “Ann” € …", fonts)).toBeUndefined();
    expect(findMissingCharacter("a\r\nb\tc", fonts)).toBeUndefined();
    expect(findMissingCharacter("Łódź", fonts)).toBe(0x141);
    expect(findMissingCharacter("Ann 🚀", fonts)).toBe(0x1f680);
  });
});

describe("toDrawableText", () => {
  const latin1: ReportFonts = {
    regular: null as never,
    bold: null as never,
    characters: new Set(
      Array.from({ length: 0x100 - 0x20 }, (_, index) => index + 0x20),
    ),
    source: "helvetica",
  };

  test("drops accents the font lacks", () => {
    expect(toDrawableText("Łukasz Dvořák", latin1)).toBe("?ukasz Dvorák");
  });

  test("replaces missing characters", () => {
    expect(toDrawableText("王 Wang", latin1)).toBe("? Wang");
  });

  test("turns line breaks into spaces", () => {
    expect(toDrawableText("a\nb\tc", latin1)).toBe("a b c");
  });
});
