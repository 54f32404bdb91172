import mammoth from "mammoth";

import { readDocxText } from "@/lib/screening/docx-text";
import { renderReport } from "@/lib/screening/report/render-report";
import { extractResumeText } from "@/lib/screening/resume-text";
import { screenCandidate } from "@/lib/screening/screen-candidate";
import { createDocx } from "@/lib/tracker-sandbox/seed/docx";
import { readResume } from "@/tests/fixtures/resume-files";
import { RESUME_WORKFLOW } from "@/tests/fixtures/workflows";

/**
 * `npm run bench:steps`: times two steps of a candidate's way through the
 * sync, each many times, and prints the median and mean time per run.
 *
 * - Report: the screening report of one real resume. The first line uses
 *   a name in WinAnsiEncoding, so StandardPdf writes it in Helvetica. The
 *   second uses a name outside it, so pdf-lib embeds DejaVu Sans.
 * - DOCX text: the text of the one-page DOCX resume the Tracker sandbox
 *   attaches to applicants, read by `readDocxText` and by mammoth.
 *
 * `BENCH_RUNS` sets how many runs each line times (default 400).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const WARM_UP = 50;

/** Times `step` RUNS times after a warm-up and returns the median, mean and last value. */
async function time<T>(step: (index: number) => Promise<T> | T) {
  for (let index = 0; index < WARM_UP; index++) await step(index);
  const times: number[] = [];
  let last: T | undefined;
  for (let index = 0; index < RUNS; index++) {
    const startedAt = performance.now();
    last = await step(index);
    times.push(performance.now() - startedAt);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    mean: times.reduce((sum, value) => sum + value, 0) / times.length,
    last: last as T,
  };
}

function line(label: string, median: number, mean: number, bytes: number) {
  console.log(
    `${label.padEnd(26)}  ${median.toFixed(3).padStart(9)}  ${mean.toFixed(3).padStart(7)}  ${bytes}`,
  );
}

const NAMES = [
  { fonts: "Helvetica", name: "Sarah Johnson" },
  { fonts: "DejaVu Sans", name: "Łukasz Nowak" },
];

async function main() {
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    throw new Error(
      `BENCH_RUNS must be a whole number of at least 1, got ${process.env.BENCH_RUNS}`,
    );
  }
  const resume = await extractResumeText(
    readResume("sarah-johnson-senior-react-developer.pdf"),
  );
  const result = await screenCandidate(
    RESUME_WORKFLOW,
    { resume: { kind: "resume", resume } },
    { referenceDate: new Date("2026-01-15T12:00:00Z") },
  );

  console.log("step                        median ms  mean ms  bytes");
  for (const { fonts, name } of NAMES) {
    const meta = {
      candidateName: name,
      jobTitle: "Senior React Developer",
      agentName: "Resume screener",
      timeZone: "Europe/Berlin",
    };
    // A different name per report, so no cache keyed on text serves it.
    const { median, mean, last } = await time((index) =>
      renderReport(result, { ...meta, candidateName: `${name} ${index}` }),
    );
    line(`report, ${fonts}`, median, mean, last.length);
  }

  const docx = createDocx(
    resume.ok
      ? resume.text.split("\n").map((text) => ({ text }))
      : [{ text: "No resume text" }],
  );
  const fast = await time(() => readDocxText(docx));
  if (fast.last === null)
    throw new Error("readDocxText left the DOCX to mammoth");
  line("DOCX text, readDocxText", fast.median, fast.mean, docx.length);
  const slow = await time(
    async () => (await mammoth.extractRawText({ buffer: docx })).value,
  );
  line("DOCX text, mammoth", slow.median, slow.mean, docx.length);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
