import { renderReport } from "@/lib/screening/report/render-report";
import { extractResumeText } from "@/lib/screening/resume-text";
import { screenCandidate } from "@/lib/screening/screen-candidate";
import { readResume } from "@/tests/fixtures/resume-files";
import { RESUME_WORKFLOW } from "@/tests/fixtures/workflows";

/**
 * `npm run bench:report`: renders the screening report of one real resume
 * many times and prints the median and mean time per report. The first
 * line uses a name in WinAnsiEncoding, so StandardPdf writes it in
 * Helvetica. The second uses a name outside it, so pdf-lib embeds DejaVu
 * Sans.
 * `BENCH_REPORTS` sets how many reports each line times (default 400).
 */

const REPORTS = Number(process.env.BENCH_REPORTS ?? 400);
const WARM_UP = 50;

const NAMES = [
  { fonts: "Helvetica", name: "Sarah Johnson" },
  { fonts: "DejaVu Sans", name: "Łukasz Nowak" },
];

async function main() {
  if (!Number.isInteger(REPORTS) || REPORTS < 1) {
    throw new Error(
      `BENCH_REPORTS must be a whole number of at least 1, got ${process.env.BENCH_REPORTS}`,
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

  console.log("fonts        median ms  mean ms  bytes");
  for (const { fonts, name } of NAMES) {
    const meta = {
      candidateName: name,
      jobTitle: "Senior React Developer",
      agentName: "Resume screener",
      timeZone: "Europe/Berlin",
    };
    for (let index = 0; index < WARM_UP; index++) {
      await renderReport(result, meta);
    }
    const times: number[] = [];
    let bytes = 0;
    for (let index = 0; index < REPORTS; index++) {
      // A different name per report, so no cache keyed on text serves it.
      const startedAt = performance.now();
      const pdf = await renderReport(result, {
        ...meta,
        candidateName: `${name} ${index}`,
      });
      times.push(performance.now() - startedAt);
      bytes = pdf.length;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
    console.log(
      `${fonts.padEnd(11)}  ${median.toFixed(3).padStart(9)}  ${mean.toFixed(3).padStart(7)}  ${bytes}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
