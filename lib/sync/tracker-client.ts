import type { Db } from "@/db";
import type { TrackerConnection } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import {
  createTrackerClient,
  type ClientTuning,
  type TrackerClient,
} from "@/lib/tracker";

import { describeError } from "./sync-runs";

const log = getLogger("sync.tracker-client");

/**
 * How long after a job's deadline its in-flight Tracker requests are
 * aborted: long enough for a page that started before the deadline to
 * finish, short enough to stay inside the route's maxDuration.
 */
export const DEADLINE_GRACE_MS = 10_000;

const globalForClients = globalThis as unknown as {
  relaySyncClientTuning?: ClientTuning;
};

/**
 * Sets client tuning (timeouts, backoff, budget window) for every client
 * the sync engine opens. Production uses the client's defaults; tests
 * shorten the waits to keep fault scenarios fast.
 */
export function setSyncClientTuning(tuning: ClientTuning | undefined) {
  globalForClients.relaySyncClientTuning = tuning;
}

/**
 * Budget slots a crawl of placements (a poll or a backfill slice) takes
 * per statement: 1 at first, doubling up to 32 while it uses each chunk
 * up within a quarter of its hold. A crawl reads one page at a time, so
 * against a slow Tracker its chunks stay small and leave no slots unused,
 * and against a fast one a 10,000-page crawl costs about 300 budget
 * statements instead of 10,000.
 */
export const CRAWL_BUDGET = { budgetChunk: 1, budgetChunkMax: 32 };

/**
 * Budget slots an intake or write-back batch takes per statement: 8 at
 * first, about three candidates' reads or four results' writes. Chunks
 * double up to 32 while the batch uses each one up within a quarter of
 * its 5 s hold, so a fast Tracker costs fewer budget statements, and a
 * slow one keeps them at 8.
 */
const BATCH_BUDGET = { budgetChunk: 8, budgetChunkMax: 32 };

/**
 * Opens the Tracker client one connection's group of a batch shares.
 * The stored token may be sealed with a key no longer in ENCRYPTION_KEYS.
 * Then it logs the error, passes the reason to `putBack`, which puts the
 * group back as it was and shows the reason in the sync history, and
 * returns null.
 */
export async function openBatchClient(
  db: Db,
  connection: TrackerConnection,
  options: {
    signal?: AbortSignal;
    /** Plural noun for the group's items in the log line: "candidates". */
    items: string;
    putBack: (reason: string) => Promise<void>;
  },
): Promise<TrackerClient | null> {
  try {
    return await openTrackerClient(db, connection, {
      signal: options.signal,
      ...BATCH_BUDGET,
    });
  } catch (error) {
    log.error(
      { connectionId: connection.id, err: error },
      `could not open the Tracker client; ${options.items} put back`,
    );
    await options.putBack(describeError(error));
    return null;
  }
}

/**
 * Opens the Tracker client of a stored connection for one job. A job that
 * sends many requests passes `budgetChunk` to take budget slots that many
 * at a time, and `budgetChunkMax` to let chunks grow while it uses them up
 * quickly. It closes the client to hand back the unused slots.
 */
export async function openTrackerClient(
  db: Db,
  connection: TrackerConnection,
  options: {
    signal?: AbortSignal;
    budgetChunk?: number;
    budgetChunkMax?: number;
  } = {},
): Promise<TrackerClient> {
  return createTrackerClient(
    connection,
    {
      background: true,
      ...globalForClients.relaySyncClientTuning,
      signal: options.signal,
      budgetChunk: options.budgetChunk,
      budgetChunkMax: options.budgetChunkMax,
    },
    db,
  );
}

/**
 * The abort reason at a job's deadline. It is not a failure: the work item
 * is put back as it was and the next invocation continues it.
 */
export class DeadlineReachedError extends Error {
  name = "DeadlineReachedError";

  constructor() {
    super(
      "Stopped at the invocation's time limit; the next run continues " +
        "from here",
    );
  }
}

/**
 * Returns whether the job stopped because it was asked to (its deadline,
 * or the caller's signal, as the worker's on SIGTERM) and not because
 * something failed.
 */
export function isStopRequested(
  error: unknown,
  signal: AbortSignal | undefined,
): boolean {
  return error instanceof DeadlineReachedError || signal?.aborted === true;
}

/**
 * Combines the caller's signal with one that fires DEADLINE_GRACE_MS after
 * the deadline, so a request stuck waiting for Tracker cannot outlive the
 * invocation. Returns undefined when there is neither.
 */
export function deadlineSignal(
  deadline: number | undefined,
  signal: AbortSignal | undefined,
): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (signal) signals.push(signal);
  if (deadline !== undefined) {
    const remaining = Math.max(0, deadline + DEADLINE_GRACE_MS - Date.now());
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DeadlineReachedError()),
      remaining,
    );
    // A finished job leaves the timer behind; it must not hold the process.
    timer.unref();
    signals.push(controller.signal);
  }
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}
