import { getDb } from "@/db";
import { evaluateAllWorkspaces } from "@/lib/health/alerts";
import { runQueueMaintenance } from "@/lib/queue/boss";
import { drainQueues } from "@/lib/queue/drain";

import { BatchRuns } from "./batch-runs";
import {
  enqueueDueBackfills,
  enqueueDueIntake,
  enqueueDuePolls,
  enqueueDueWriteBacks,
} from "./due-work";
import {
  createCrawlHandlers,
  createIntakeHandlers,
  createWriteBackHandlers,
} from "./job-handlers";
import { failStaleRuns } from "./sync-runs";

/**
 * The work behind each cron route, as plain functions that tests, the
 * worker and the routes share. Each enqueues what is due, then drains its
 * queues until the deadline.
 */

export type CronWorkOptions = { deadline: number; signal?: AbortSignal };

/**
 * Runs polls, backfill slices and intake. Crawls and intake drain side by
 * side, because one crawl slice takes up to 20 seconds and intake jobs
 * queued behind it in one line would wait for the next minute.
 */
export async function runSyncWork(options: CronWorkOptions) {
  const db = await getDb();
  const enqueued = {
    polls: await enqueueDuePolls(),
    backfills: await enqueueDueBackfills(),
    intake: await enqueueDueIntake(),
  };
  const intakeRuns = new BatchRuns(db, "intake");
  let drained;
  try {
    let crawling = true;
    const [crawls, intake] = await Promise.all([
      drainQueues(createCrawlHandlers(), options).finally(() => {
        crawling = false;
      }),
      // Pages stored by the crawl lane enqueue intake as they go.
      drainQueues(createIntakeHandlers(intakeRuns), {
        ...options,
        keepWaiting: () => crawling,
      }),
    ]);
    drained = { ...crawls, ...intake };
  } finally {
    await intakeRuns.finish();
  }

  // Opens and closes connection problems right after the runs that reveal
  // them, so an alert mail goes out within a minute of a break.
  const health = await evaluateAllWorkspaces(db);
  return { enqueued, drained, health };
}

/** Runs the write-backs of final screenings to Tracker. */
export async function runWriteBackWork(options: CronWorkOptions) {
  const db = await getDb();
  const enqueued = { writeBacks: await enqueueDueWriteBacks() };
  const writeBackRuns = new BatchRuns(db, "write_back");
  try {
    const drained = await drainQueues(
      createWriteBackHandlers(writeBackRuns),
      options,
    );
    return { enqueued, drained };
  } finally {
    await writeBackRuns.finish();
  }
}

/**
 * Runs upkeep: pg-boss expires jobs whose holder died and archives old
 * ones, and runs left "running" by a dead process are marked failed.
 */
export async function runMaintenanceWork() {
  await runQueueMaintenance();
  const db = await getDb();
  const staleRuns = await failStaleRuns(db);
  const health = await evaluateAllWorkspaces(db);
  return { maintained: true, staleRuns, health };
}
