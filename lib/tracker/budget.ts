import { createHash } from "node:crypto";

import { sql } from "drizzle-orm";

import type { Db } from "@/db";

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
  /** Requests Tracker accepts per window for the access token. */
  limit: number;
  windowMs: number;
  /**
   * Slots of each window this caller leaves free for others. Background
   * work passes `backgroundReserve(limit)` so an admin waiting on a form
   * still gets a slot while a backfill uses the rest.
   */
  reserve?: number;
};

export const DEFAULT_REQUESTS_PER_MINUTE = 100;

// A fifth of the window: enough for an admin's job check, stage list and
// a backfill preview of up to about 150 placements in the same minute.
const INTERACTIVE_SHARE = 0.2;

/** Slots of `limit` that background work leaves for interactive calls. */
export function backgroundReserve(limit: number): number {
  if (limit <= 1) return 0;
  return Math.min(limit - 1, Math.floor(limit * INTERACTIVE_SHARE));
}

/**
 * Returns the key Tracker's rate limit is counted under: the API origin
 * and the access token, digested so the token itself is not stored again.
 */
export function budgetKeyFor(origin: string, accessToken: string): string {
  return createHash("sha256").update(`${origin}\n${accessToken}`).digest("hex");
}

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

/** Whose requests a database budget counts. */
export type BudgetScope = {
  /** The token's key (`budgetKeyFor`): every user of the token. */
  budgetKey: string;
  /**
   * The stored connection, whose requests under an earlier token still
   * count: a regenerated token likely opens the same Tracker account.
   */
  connectionId?: string;
};

/**
 * Creates a budget shared through Postgres by every process and every
 * connection that uses one access token, and by the connection's earlier
 * tokens. Each grant is one call of the `tracker_budget_take` function
 * (see its migrations), which counts and records under advisory locks on
 * the key and the connection, so two processes cannot both take the last
 * slot. Times come from the database clock, so process clocks do not
 * matter.
 */
export function createDatabaseBudget(
  db: Db,
  scope: BudgetScope,
  options: BudgetOptions,
): RequestBudget {
  const windowMs = options.windowMs + BUDGET_SAFETY_MARGIN_MS;
  const usable = options.limit - (options.reserve ?? 0);

  const decide = async (): Promise<SlotDecision> => {
    const result = await db.execute<{ wait_ms: number }>(
      sql`select tracker_budget_take(${scope.budgetKey}::text,
        ${scope.connectionId ?? null}::uuid, ${usable}::integer,
        ${windowMs}::integer) as wait_ms`,
    );
    // postgres.js returns the rows as an array, PGlite inside `rows`.
    const rows = Array.isArray(result)
      ? (result as { wait_ms: number }[])
      : (result as { rows: { wait_ms: number }[] }).rows;
    const waitMs = Number(rows[0]?.wait_ms);
    if (!Number.isFinite(waitMs)) {
      throw new Error("tracker_budget_take returned no row");
    }
    return waitMs < 0 ? { granted: true } : { granted: false, waitMs };
  };

  return { acquire: (acquireOptions) => waitForSlot(decide, acquireOptions) };
}

/**
 * Creates a budget kept in this process only, for a live check made
 * without a database.
 */
export function createMemoryBudget(options: BudgetOptions): RequestBudget {
  const windowMs = options.windowMs + BUDGET_SAFETY_MARGIN_MS;
  const usable = options.limit - (options.reserve ?? 0);
  const sentAt: number[] = [];

  const decide = async (): Promise<SlotDecision> => {
    const now = Date.now();
    while (sentAt.length > 0 && sentAt[0]! <= now - windowMs) sentAt.shift();
    if (sentAt.length >= usable) {
      return { granted: false, waitMs: sentAt[0]! + windowMs - now };
    }
    sentAt.push(now);
    return { granted: true };
  };

  return { acquire: (acquireOptions) => waitForSlot(decide, acquireOptions) };
}
