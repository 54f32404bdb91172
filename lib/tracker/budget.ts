import { and, eq, lt, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { trackerRequestLog } from "@/db/schema";

import { TrackerRateLimitError } from "./errors";
import { sleep } from "./retry";

/**
 * A rolling-window request budget: at most `limit` requests in any window
 * of `windowMs`. Tracker counts about 100 requests a minute per access
 * token and returns 429 past that, so the client waits for a free slot
 * before sending instead of spending retries on 429s.
 */
export interface RequestBudget {
  /**
   * Waits until a request may be sent and records it. Rejects with
   * TrackerRateLimitError when the wait would pass `maxWaitMs`, and with
   * the signal's reason on abort.
   */
  acquire(options: AcquireOptions): Promise<void>;
}

export type AcquireOptions = {
  operation: string;
  signal?: AbortSignal;
  maxWaitMs: number;
};

export type BudgetOptions = {
  limit: number;
  windowMs: number;
};

export const DEFAULT_REQUESTS_PER_MINUTE = 100;

// A request is recorded when its slot is granted, a little before Tracker
// receives it. Widening the window by this margin keeps a slow request from
// counting in a later window on Tracker's side than on ours.
export const BUDGET_SAFETY_MARGIN_MS = 1_000;

type SlotDecision = { granted: true } | { granted: false; waitMs: number };

async function waitForSlot(
  decide: () => Promise<SlotDecision>,
  { operation, signal, maxWaitMs }: AcquireOptions,
): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    const decision = await decide();
    if (decision.granted) return;

    const waited = Date.now() - startedAt;
    if (waited + decision.waitMs > maxWaitMs) {
      throw new TrackerRateLimitError(
        { operation, retryAfterMs: decision.waitMs },
        `request budget used up; the next slot opens in ` +
          `${Math.ceil(decision.waitMs / 1000)} s, past the allowed wait`,
      );
    }
    // A little jitter so waiting callers do not all query at once.
    const jitter = Math.floor(Math.random() * 50);
    await sleep(Math.max(10, decision.waitMs) + jitter, signal);
  }
}

// Class id for pg_advisory_xact_lock(int, int); the two-integer key space
// is separate from the single-bigint one that pg-boss and others use.
const BUDGET_LOCK_CLASS = 72_311;

/**
 * Creates a budget shared through Postgres by every process using one
 * connection.
 * Each grant runs in a short transaction under an advisory lock keyed by
 * the connection, so two processes cannot both take the last slot. Times
 * come from the database clock, so process clocks do not matter.
 */
export function createDatabaseBudget(
  db: Db,
  connectionId: string,
  options: BudgetOptions,
): RequestBudget {
  const windowSeconds = (options.windowMs + BUDGET_SAFETY_MARGIN_MS) / 1000;
  let grants = 0;

  const lockKey = sql`${BUDGET_LOCK_CLASS}, hashtext(${connectionId})`;
  const secondsAgo = (seconds: number) =>
    sql`(clock_timestamp() - make_interval(secs => ${seconds}))`;
  const windowStart = secondsAgo(windowSeconds);
  const sentAt = trackerRequestLog.sentAt;
  const ofConnection = eq(trackerRequestLog.connectionId, connectionId);
  // Milliseconds until the oldest request in the window leaves it.
  const untilOldestLeaves = sql<number>`coalesce(ceil(
    extract(epoch from (min(${sentAt}) - ${windowStart})) * 1000), 0)`;

  const decide = () =>
    db.transaction(async (tx): Promise<SlotDecision> => {
      await tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`);
      const [usage] = await tx
        .select({
          used: sql<number>`count(*)::int`.mapWith(Number),
          waitMs: untilOldestLeaves.mapWith(Number),
        })
        .from(trackerRequestLog)
        .where(and(ofConnection, sql`${sentAt} > ${windowStart}`));

      if ((usage?.used ?? 0) >= options.limit) {
        return { granted: false, waitMs: usage?.waitMs ?? 0 };
      }
      await tx
        .insert(trackerRequestLog)
        .values({ connectionId, sentAt: sql`clock_timestamp()` });

      // Rows older than two windows can never count again.
      grants += 1;
      if (grants % 25 === 1) {
        await tx
          .delete(trackerRequestLog)
          .where(and(ofConnection, lt(sentAt, secondsAgo(windowSeconds * 2))));
      }
      return { granted: true };
    });

  return { acquire: (acquireOptions) => waitForSlot(decide, acquireOptions) };
}

/**
 * Creates a budget kept in this process only, for the connect form's live
 * check, which has no stored connection yet.
 */
export function createMemoryBudget(options: BudgetOptions): RequestBudget {
  const windowMs = options.windowMs + BUDGET_SAFETY_MARGIN_MS;
  const sentAt: number[] = [];

  const decide = async (): Promise<SlotDecision> => {
    const now = Date.now();
    while (sentAt.length > 0 && sentAt[0]! <= now - windowMs) sentAt.shift();
    if (sentAt.length >= options.limit) {
      return { granted: false, waitMs: sentAt[0]! + windowMs - now };
    }
    sentAt.push(now);
    return { granted: true };
  };

  return { acquire: (acquireOptions) => waitForSlot(decide, acquireOptions) };
}
