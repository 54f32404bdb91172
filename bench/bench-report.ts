import { readFile } from "node:fs/promises";
import os from "node:os";

import postgres from "postgres";

import type { CaseResult, PhaseFigures } from "./bench-types";

/** Tracker returns at most 10 placements per search page, whatever pageSize the request sets. */
const ROWS_PER_PAGE = 10;
const TRACKER_REQUESTS_PER_MINUTE = 100;

const TARGETS = {
  /** Poll requests may exceed the floor by this fraction. */
  pollOverFloor: 0.05,
  intakeRequestsPerCandidate: 3,
  writeBackRequestsPerResult: 3,
  appMsPerCandidate: 5,
  /** Peak RSS at the largest size may exceed the smallest by this fraction. */
  memoryGrowth: 0.2,
};

export type MachineFacts = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  database: string;
};

/** Reads the CPU model, core count, memory, Node version and database. */
export async function describeMachine(
  databaseUrl: string | undefined,
): Promise<MachineFacts> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    database: databaseUrl
      ? await describeServer(databaseUrl)
      : "PGlite in memory, in the case process",
  };
}

async function describeServer(databaseUrl: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ version: string }[]>`select version()`;
    const host = new URL(databaseUrl).host;
    return `${row?.version.split(" on ")[0] ?? "Postgres"} at ${host}`;
  } finally {
    await sql.end();
  }
}

/** Returns the minimum requests of a full crawl: every page and one exchange. */
export function pollFloor(placements: number): number {
  return Math.ceil(placements / ROWS_PER_PAGE) + 1;
}

/** Per-item times of one candidate phase, in milliseconds. */
export type PhaseSplit = {
  /** Wall time per item. */
  totalMs: number;
  /** Time this process waited for the sandbox's replies, per item. */
  trackerWaitMs: number;
  /** Time the sandbox spent handling the requests, by its log, per item. */
  sandboxMs: number;
  /** Wall time minus the Tracker wait: the Relay side alone. */
  appMs: number;
  /** Part of the app-side time spent in SQL statements; null on Postgres. */
  sqlMs: number | null;
  sqlStatements: number | null;
};

type Row = {
  result: CaseResult;
  pollRequests: number;
  floor: number;
  pollMsPerPage: number;
  /** Null for a poll-only case. */
  candidates: {
    pulled: number;
    intakeRequests: number;
    writeBackRequests: number;
    intake: PhaseSplit;
    writeBack: PhaseSplit;
  } | null;
};

/** Splits a phase's wall time per item into Tracker wait and app side. */
export function splitPhase(phase: PhaseFigures, items: number): PhaseSplit {
  const per = (value: number) => value / Math.max(1, items);
  return {
    totalMs: per(phase.elapsedMs),
    trackerWaitMs: per(phase.trackerWaitMs),
    sandboxMs: per(phase.sandboxMs),
    appMs: per(phase.elapsedMs - phase.trackerWaitMs),
    sqlMs: phase.sql ? per(phase.sql.ms) : null,
    sqlStatements: phase.sql ? per(phase.sql.statements) : null,
  };
}

function toRow(result: CaseResult): Row {
  // Each poll against the floor of the placements it crawled: the second
  // crawls the new applicants too. The row shows the poll furthest over.
  const polls = [
    { phase: result.baseline, floor: pollFloor(result.placements) },
    ...(result.pulling && result.pullingPlacements !== null
      ? [
          {
            phase: result.pulling,
            floor: pollFloor(result.pullingPlacements),
          },
        ]
      : []),
  ];
  const worst = polls.reduce((a, b) =>
    b.phase.requests / b.floor > a.phase.requests / a.floor ? b : a,
  );
  const lastPoll = polls.at(-1)!.phase;
  const row: Row = {
    result,
    pollRequests: worst.phase.requests,
    floor: worst.floor,
    pollMsPerPage: lastPoll.elapsedMs / Math.max(1, lastPoll.requests),
    candidates: null,
  };
  const { pulling, intake, writeBack } = result;
  if (!pulling || !intake || !writeBack) return row;

  const pulled = Math.max(1, pulling.items);
  const written = Math.max(1, writeBack.items);
  row.candidates = {
    pulled: pulling.items,
    intakeRequests: intake.requests / pulled,
    writeBackRequests: writeBack.requests / written,
    intake: splitPhase(intake, pulled),
    writeBack: splitPhase(writeBack, written),
  };
  return row;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const mark = (pass: boolean) => (pass ? "PASS" : "MISS");

/** Prints the figures of every case, then PASS or MISS per target. */
export function printReport(
  results: CaseResult[],
  context: { machine: MachineFacts; totalSeconds: number },
) {
  const rows = results.map(toRow);
  const { machine } = context;
  console.log(
    `\nMachine: ${machine.cpus} CPUs (${machine.cpuModel}), ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}`,
  );
  console.log(`Database: ${machine.database}`);
  console.log(`Bench time: ${context.totalSeconds.toFixed(0)} s\n`);

  const header = [
    "placements",
    "jobs",
    "req/poll",
    "floor",
    "min@100/min",
    "poll s",
    "ms/page",
    "pulled",
    "req/intake",
    "req/write",
    "intake app ms",
    "write app ms",
    "peak RSS MiB",
    "heap MiB",
    "buffers MiB",
  ];
  const table = rows.map((row) => {
    const pollSeconds = row.result.baseline.elapsedMs / 1000;
    const candidates = row.candidates;
    const cell = (value: number | undefined, digits: number) =>
      value === undefined ? "-" : value.toFixed(digits);
    return [
      row.result.placements.toLocaleString("en-US"),
      String(row.result.jobs),
      String(row.pollRequests),
      String(row.floor),
      (row.pollRequests / TRACKER_REQUESTS_PER_MINUTE).toFixed(1),
      pollSeconds.toFixed(1),
      row.pollMsPerPage.toFixed(1),
      candidates ? String(candidates.pulled) : "-",
      cell(candidates?.intakeRequests, 2),
      cell(candidates?.writeBackRequests, 2),
      cell(candidates?.intake.appMs, 1),
      cell(candidates?.writeBack.appMs, 1),
      mib(row.result.memory.peakRss),
      mib(row.result.memory.peakHeapUsed),
      mib(row.result.memory.peakArrayBuffers),
    ];
  });
  printTable(header, table);

  printSplits(rows);
  printRoutes(results[0]!);

  console.log("\nTargets:");
  for (const line of evaluateTargets(rows)) console.log(`  ${line}`);
}

function evaluateTargets(rows: Row[]): string[] {
  const lines: string[] = [];
  const worstOverFloor = Math.max(
    ...rows.map((row) => row.pollRequests / row.floor - 1),
  );
  lines.push(
    `${mark(worstOverFloor <= TARGETS.pollOverFloor)} requests per poll ` +
      `within 5% of the floor (worst: ${(worstOverFloor * 100).toFixed(1)}% over)`,
  );

  const sizes = [...new Set(rows.map((row) => row.result.placements))];
  const spread = sizes.map((size) => {
    const counts = rows
      .filter((row) => row.result.placements === size)
      .map((row) => row.pollRequests);
    return Math.max(...counts) - Math.min(...counts);
  });
  lines.push(
    `${mark(spread.every((s) => s === 0))} requests per poll independent ` +
      `of mapped jobs (largest spread at one size: ${Math.max(...spread)})`,
  );

  const measured = rows.flatMap((row) =>
    row.candidates ? [row.candidates] : [],
  );
  const worst = (pick: (c: NonNullable<Row["candidates"]>) => number) =>
    Math.max(...measured.map(pick));
  const worstIntake = worst((c) => c.intakeRequests);
  lines.push(
    `${mark(worstIntake <= TARGETS.intakeRequestsPerCandidate)} at most 3 ` +
      `requests per candidate pulled (worst: ${worstIntake.toFixed(2)})`,
  );
  const worstWrite = worst((c) => c.writeBackRequests);
  lines.push(
    `${mark(worstWrite <= TARGETS.writeBackRequestsPerResult)} at most 3 ` +
      `requests per result written back (worst: ${worstWrite.toFixed(2)})`,
  );
  const worstApp = worst((c) => c.intake.appMs + c.writeBack.appMs);
  lines.push(
    `${mark(worstApp < TARGETS.appMsPerCandidate)} app-side time under 5 ms ` +
      `per candidate, intake and write-back (worst: ${worstApp.toFixed(1)} ms)`,
  );

  lines.push(...memoryTargets(rows));
  return lines;
}

/**
 * Compares the peak RSS of the largest and smallest size at each job
 * count, so growth comes from placements alone.
 */
function memoryTargets(rows: Row[]): string[] {
  const jobCounts = [...new Set(rows.map((row) => row.result.jobs))];
  const growths: string[] = [];
  let worst = 0;
  for (const jobs of jobCounts) {
    const sameJobs = rows
      .filter((row) => row.result.jobs === jobs)
      .sort((a, b) => a.result.placements - b.result.placements);
    if (sameJobs.length < 2) continue;
    const smallest = sameJobs[0]!.result;
    const largest = sameJobs.at(-1)!.result;
    const growth = largest.memory.peakRss / smallest.memory.peakRss - 1;
    worst = Math.max(worst, growth);
    growths.push(
      `${jobs} jobs: ${mib(smallest.memory.peakRss)} to ` +
        `${mib(largest.memory.peakRss)} MiB`,
    );
  }
  if (growths.length === 0) {
    return ["---- peak memory vs placements (needs two sizes to compare)"];
  }
  return [
    `${mark(worst <= TARGETS.memoryGrowth)} peak RSS does not grow with ` +
      `placements (at most 20%; ${growths.join("; ")})`,
  ];
}

/**
 * Prints where the time of each candidate phase went: total, waiting for
 * the sandbox's replies, and the app side, of which SQL is one part. The
 * wait minus the sandbox's handling time is the loopback HTTP overhead,
 * undici's work in this process included.
 */
function printSplits(rows: Row[]) {
  const header = [
    "placements",
    "jobs",
    "phase",
    "total ms",
    "Tracker wait ms",
    "sandbox ms",
    "app ms",
    "SQL ms",
    "SQL statements",
  ];
  const table: string[][] = [];
  for (const row of rows) {
    if (!row.candidates) continue;
    const phases = {
      "intake per candidate": row.candidates.intake,
      "write-back per result": row.candidates.writeBack,
    };
    for (const [name, split] of Object.entries(phases)) {
      table.push([
        row.result.placements.toLocaleString("en-US"),
        String(row.result.jobs),
        name,
        split.totalMs.toFixed(1),
        split.trackerWaitMs.toFixed(1),
        split.sandboxMs.toFixed(1),
        split.appMs.toFixed(1),
        split.sqlMs === null ? "-" : split.sqlMs.toFixed(1),
        split.sqlStatements === null ? "-" : split.sqlStatements.toFixed(1),
      ]);
    }
  }
  if (table.length === 0) return;
  console.log("\nTime per candidate (app ms = total ms - Tracker wait ms):");
  printTable(header, table);
}

/** Prints which Tracker routes each phase of one case called. */
function printRoutes(result: CaseResult) {
  const phases = {
    "first poll": result.baseline,
    "second poll": result.pulling,
    intake: result.intake,
    "write-back": result.writeBack,
  };
  console.log(
    `\nRequests by route, ${result.placements} placements over ` +
      `${result.jobs} jobs:`,
  );
  for (const [name, phase] of Object.entries(phases)) {
    if (!phase) continue;
    const routes = Object.entries(phase.byRoute)
      .map(([route, count]) => `${route} ${count}`)
      .join(", ");
    console.log(`  ${name}: ${routes}`);
  }
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column]!)).join("  ");
  console.log(format(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(format(row));
}
