import { and, eq, inArray, ne, sql } from "drizzle-orm";

import { screenings } from "@/db/schema";
import { drainQueues, type QueueHandlers } from "@/lib/queue/drain";
import { BatchRuns } from "@/lib/sync/batch-runs";
import {
  createIntakeHandlers,
  createWriteBackHandlers,
} from "@/lib/sync/job-handlers";
import { pollConnection, type PollResult } from "@/lib/sync/poll-connection";
import { setSyncClientTuning } from "@/lib/sync/tracker-client";
import {
  useTestDatabase as openBenchDatabase,
  type TestDatabase,
} from "@/tests/helpers/database";

import { CpuProfiler } from "./cpu-profiler";
import { MemorySampler } from "./memory-sampler";
import { SqlTimer, TrackerWaitTimer } from "./phase-timers";
import { SandboxControl } from "./sandbox-control";
import {
  createRelayFixture,
  FIXTURE_DB,
  jobIdOf,
  STATUS,
} from "./relay-fixture";
import type { CaseInput, CaseResult, PhaseFigures } from "./bench-types";

/**
 * One benchmark case, run in its own process so that memory figures of
 * different sizes do not mix. The parent runs the sandbox, already seeded
 * with the placements, and passes its URL. This process runs the Relay
 * side against it and prints one JSON line with the figures.
 */

async function main() {
  const input = JSON.parse(process.argv[2] ?? "") as CaseInput;
  const control = new SandboxControl(input.sandboxUrl, FIXTURE_DB);
  const database = await openBenchDatabase();
  const sampler = new MemorySampler();
  const timers: Timers = {
    trackerWait: new TrackerWaitTimer(input.sandboxUrl),
    sql: SqlTimer.install(database),
  };

  // The rate limit is off on both sides: the sandbox was started with no
  // limit, and the client's budget is far above what a case sends.
  setSyncClientTuning({ timeoutMs: 30_000, requestsPerMinute: 10_000_000 });
  const jobIds = Array.from({ length: input.jobs }, (_, i) => jobIdOf(i));
  const fixture = await createRelayFixture(database.db, {
    sandboxUrl: input.sandboxUrl,
    slug: `bench-${input.placements}-${input.jobs}`,
    jobIds,
    requestsPerMinute: 10_000_000,
  });
  const connectionId = fixture.connection.id;
  sampler.start();

  const baseline = await measure(control, timers, async () => {
    await pollUntilComplete(connectionId);
    return 0;
  });
  if (input.pollOnly) {
    const memory = sampler.stop();
    print({
      ...input,
      baseline,
      pulling: null,
      intake: null,
      writeBack: null,
      memory,
    });
    await database.drop();
    return;
  }

  await createStageEntries(control, input);
  const pulledIds: string[] = [];
  const pulling = await measure(control, timers, async () => {
    const results = await pollUntilComplete(connectionId);
    for (const result of results) pulledIds.push(...result.pulledScreeningIds);
    return pulledIds.length;
  });

  timers.sql?.reportDetail("polls");
  const profiler = await CpuProfiler.fromEnvironment();
  await profiler?.start();
  // Intake and write-back run as in the cron routes. The poll queued one
  // intake job per pulled candidate, and each result queues a write-back
  // job. Both queues' handlers take their jobs in batches.
  const intake = await measure(
    control,
    timers,
    () => drainOne(database, createIntakeHandlers, "intake"),
    () => countLeft(database, pulledIds, "pulled"),
  );
  await profiler?.stop("intake");
  timers.sql?.reportDetail("intake");
  await profiler?.start();
  const writeBack = await measure(
    control,
    timers,
    () => drainOne(database, createWriteBackHandlers, "write_back"),
    () => countLeft(database, pulledIds, "written_back"),
  );
  await profiler?.stop("write-back");
  timers.sql?.reportDetail("write-back");

  const memory = sampler.stop();
  print({ ...input, baseline, pulling, intake, writeBack, memory });
  await database.drop();
}

function print(
  figures: Omit<CaseResult, "placements" | "jobs" | "pullingPlacements"> &
    CaseInput,
) {
  const result: CaseResult = {
    placements: figures.placements,
    jobs: figures.jobs,
    baseline: figures.baseline,
    pulling: figures.pulling,
    pullingPlacements: figures.pulling
      ? figures.placements + addedApplicants(figures.candidates)
      : null,
    intake: figures.intake,
    writeBack: figures.writeBack,
    memory: figures.memory,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs a poll, and more while one stops early, until the crawl ends. */
async function pollUntilComplete(connectionId: string): Promise<PollResult[]> {
  const results: PollResult[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = await pollConnection(connectionId);
    results.push(result);
    if (result.status !== "partial") break;
  }
  const last = results.at(-1)!;
  if (last.status !== "succeeded") {
    throw new Error(
      `poll ended ${last.status}, not succeeded: ${last.reason ?? "no reason"}`,
    );
  }
  return results;
}

/** New applicants `createStageEntries` adds for a number of entries. */
function addedApplicants(candidates: number): number {
  return candidates - Math.floor(candidates / 2);
}

/**
 * Moves half the entries from Applied into Shortlisted and adds the
 * other half as new applicants with a generated DOCX resume, spread over
 * the jobs in turn.
 */
async function createStageEntries(control: SandboxControl, input: CaseInput) {
  const moved = input.candidates - addedApplicants(input.candidates);
  for (let index = 0; index < input.candidates; index++) {
    const jobId = jobIdOf(index % input.jobs);
    if (index < moved) {
      await control.movePlacements({
        jobId,
        fromStatusId: STATUS.applied,
        toStatusId: STATUS.shortlisted,
        count: 1,
      });
    } else {
      await control.addApplicant({
        jobId,
        firstName: "Bench",
        surname: `Applicant ${index + 1}`,
        email: `bench${index + 1}@example.test`,
        statusId: STATUS.shortlisted,
        resume: "docx",
        skills: ["TypeScript", "Postgres"],
      });
    }
  }
}

/** Drains one queue with its production handler until it is empty. */
async function drainOne(
  database: TestDatabase,
  create: (runs: BatchRuns) => QueueHandlers,
  kind: "intake" | "write_back",
) {
  const runs = new BatchRuns(database.db, kind);
  try {
    await drainQueues(create(runs), {
      deadline: Date.now() + 10 * 60_000,
      database,
    });
  } finally {
    await runs.finish();
  }
}

/**
 * Counts the given screenings that reached a state: left "pulled" for
 * intake, or got to "written_back".
 */
async function countLeft(
  database: TestDatabase,
  ids: readonly string[],
  state: "pulled" | "written_back",
): Promise<number> {
  const [row] = await database.db
    .select({ count: sql<number>`count(*)::integer` })
    .from(screenings)
    .where(
      and(
        inArray(screenings.id, [...ids]),
        state === "pulled"
          ? ne(screenings.state, "pulled")
          : eq(screenings.state, "written_back"),
      ),
    );
  return Number(row?.count ?? 0);
}

type Timers = { trackerWait: TrackerWaitTimer; sql: SqlTimer | null };

/**
 * Times one phase and counts the Tracker requests the sandbox logged for
 * it, with the time the sandbox spent handling them, the time this
 * process waited for the replies, and the time spent in SQL statements.
 */
async function measure(
  control: SandboxControl,
  timers: Timers,
  phase: () => Promise<number | void>,
  count?: () => Promise<number>,
): Promise<PhaseFigures> {
  const afterId = await control.lastRequestId();
  const waitBefore = timers.trackerWait.elapsedMs();
  const sqlBefore = timers.sql?.elapsedMs() ?? 0;
  const statementsBefore = timers.sql?.statements ?? 0;
  const startedAt = performance.now();
  const returned = await phase();
  const elapsedMs = performance.now() - startedAt;
  const trackerWaitMs = timers.trackerWait.elapsedMs() - waitBefore;
  const sql = timers.sql
    ? {
        ms: timers.sql.elapsedMs() - sqlBefore,
        statements: timers.sql.statements - statementsBefore,
      }
    : null;
  const items = count ? await count() : (returned ?? 0);
  const requests = await control.requestsAfter(afterId);
  const sandboxMs = requests.reduce((sum, entry) => sum + entry.durationMs, 0);
  const failed = requests.filter((entry) => entry.status >= 400).length;
  const byRoute: Record<string, number> = {};
  for (const entry of requests) {
    const route = `${entry.method} ${entry.path.replace(/\d+/g, ":id")}`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  return {
    items,
    requests: requests.length,
    failedRequests: failed,
    elapsedMs,
    sandboxMs,
    trackerWaitMs,
    sql,
    byRoute,
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
