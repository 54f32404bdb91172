import { spawn } from "node:child_process";
import path from "node:path";

import { startSandbox } from "@/lib/tracker-sandbox";

import type { CaseInput, CaseResult } from "./bench-types";
import { describeMachine, printReport } from "./bench-report";
import { buildFixtureSeed, FIXTURE_DB, jobIdOf, STATUS } from "./relay-fixture";

/**
 * `npm run bench`: measures the sync engine against the Tracker sandbox
 * at 1,000, 10,000 and 50,000 placements over 1, 10 and 100 mapped jobs,
 * and prints one table with PASS or MISS per target.
 *
 * The sandbox runs in this process. Each case runs the Relay side in a
 * child process, so that its memory figures are its own. Arguments
 * narrow the run: `npm run bench -- 1000` runs one size, `1000x10` one
 * case.
 */

const SIZES = [1_000, 10_000, 50_000];
const JOB_COUNTS = [1, 10, 100];
// Stage entries per case. With 200, ten batches of 20 run per phase, so
// the first batch's one-time costs (compiling schemas, warming the JIT)
// weigh little on the average, as in a long-running worker.
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 200);

// A poll of 50,000 placements takes about a minute on PGlite, so
// BENCH_POLL_ONLY_LARGE=1 runs the largest size with one poll and no
// candidate phases when a quicker run is enough.
function isPollOnly(placements: number): boolean {
  return process.env.BENCH_POLL_ONLY_LARGE === "1" && placements >= 50_000;
}

function selectedCases(args: string[]): { placements: number; jobs: number }[] {
  const all = SIZES.flatMap((placements) =>
    JOB_COUNTS.map((jobs) => ({ placements, jobs })),
  );
  if (args.length === 0) return all;
  return all.filter(({ placements, jobs }) =>
    args.some(
      (arg) => arg === `${placements}` || arg === `${placements}x${jobs}`,
    ),
  );
}

async function runCase(placements: number, jobs: number): Promise<CaseResult> {
  const sandbox = await startSandbox({
    port: 0,
    seedDemo: false,
    databases: [buildFixtureSeed(jobs)],
    settings: { rateLimitPerMinute: 0, requestLogLimit: 1_000_000 },
  });
  try {
    const perJob = Math.floor(placements / jobs);
    for (let index = 0; index < jobs; index++) {
      const extra = index === 0 ? placements - perJob * jobs : 0;
      sandbox.state.bulkAddPlacements(FIXTURE_DB, {
        jobId: jobIdOf(index),
        count: perJob + extra,
        statusId: STATUS.applied,
      });
    }
    const input: CaseInput = {
      sandboxUrl: sandbox.url,
      placements,
      jobs,
      candidates: CANDIDATES,
      pollOnly: isPollOnly(placements),
    };
    return await spawnCase(input);
  } finally {
    await sandbox.close();
  }
}

function spawnCase(input: CaseInput): Promise<CaseResult> {
  const script = path.join(import.meta.dirname, "bench-case.ts");
  // BENCH_DATABASE_URL takes precedence over TEST_DATABASE_URL. With
  // neither set, each case uses PGlite in memory.
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  // BENCH_MAX_OLD_SPACE_MB caps the case's V8 old space. Under its default
  // limit V8 collects lazily, so the peak heap also counts garbage. A case
  // that finishes under a small cap shows that its live memory is bounded.
  const heapCap = process.env.BENCH_MAX_OLD_SPACE_MB
    ? [`--max-old-space-size=${process.env.BENCH_MAX_OLD_SPACE_MB}`]
    : [];
  const child = spawn(
    process.execPath,
    [
      ...heapCap,
      "--conditions=react-server",
      "--import",
      "tsx",
      script,
      JSON.stringify(input),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
        TEST_DATABASE_URL: databaseUrl ?? "",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) {
        reject(
          new Error(
            `bench case ${input.placements}x${input.jobs} exited with ` +
              `code ${code}. Its stderr is printed above.`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line) as CaseResult);
    });
  });
}

async function main() {
  if (!Number.isInteger(CANDIDATES) || CANDIDATES < 1) {
    throw new Error(
      `BENCH_CANDIDATES must be a whole number of at least 1, got ` +
        `"${process.env.BENCH_CANDIDATES}"`,
    );
  }
  const cases = selectedCases(process.argv.slice(2));
  if (cases.length === 0) {
    throw new Error(
      `no case matches "${process.argv.slice(2).join(" ")}". ` +
        `Pass a size (${SIZES.join(", ")}) or SIZExJOBS, such as 1000x10.`,
    );
  }
  const results: CaseResult[] = [];
  const startedAt = Date.now();
  for (const { placements, jobs } of cases) {
    const caseStart = Date.now();
    process.stderr.write(`bench: ${placements} placements, ${jobs} jobs...`);
    results.push(await runCase(placements, jobs));
    process.stderr.write(
      ` ${((Date.now() - caseStart) / 1000).toFixed(1)} s\n`,
    );
  }
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  printReport(results, {
    machine: await describeMachine(databaseUrl),
    totalSeconds: (Date.now() - startedAt) / 1000,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
