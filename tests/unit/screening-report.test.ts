import { PDFDocument } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, test } from "vitest";

import {
  embedReportFonts,
  toDrawableText,
  type ReportFonts,
} from "@/lib/screening/report/fonts";
import {
  renderReport,
  type ReportMeta,
} from "@/lib/screening/report/render-report";
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

describe("embedReportFonts", () => {
  test("uses the packaged DejaVu font", async () => {
    const fonts = await embedReportFonts(await PDFDocument.create());

    expect(fonts.source).toBe("dejavu-package");
    expect(fonts.characters.has("Ж".codePointAt(0) ?? 0)).toBe(true);
    expect(fonts.characters.has("ễ".codePointAt(0) ?? 0)).toBe(true);
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
