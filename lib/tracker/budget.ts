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
  /**
   * Gives back slots this budget took ahead and has not used, so other
   * callers of the token may use them at once. Only a database budget
   * with a chunk above 1 takes slots ahead, so for the others this does
   * nothing. The budget stays usable, and a second call does nothing.
   */
  release(): Promise<void>;
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

type SlotDecision =
  | {
      granted: true;
      // Returns the slot unused, when the budget can take it back.
      giveBack?: () => void;
    }
  | { granted: false; waitMs: number };

async function waitForSlot(
  decide: () => Promise<SlotDecision>,
  { operation, signal, maxWaitMs }: AcquireOptions,
): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    const decision = await decide();
    if (decision.granted && signal?.aborted) {
      // Aborted while the slot was being taken: no request follows.
      decision.giveBack?.();
      throw signal.reason;
    }
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

export type DatabaseBudgetOptions = BudgetOptions & {
  /**
   * Slots taken per database statement, 1 by default (one statement per
   * request). Above 1, the budget keeps the spare slots of a chunk for its
   * next requests until the hold ends.
   */
  chunk?: number;
  /**
   * Largest chunk, `chunk` by default. Above `chunk`, the next chunk is
   * twice the last when the last was used up, and the next asked for,
   * within a quarter of its hold. It is half the last, never below
   * `chunk`, when slots of the last expired unused. A fast caller then
   * pays fewer statements, and a slow one takes no more slots ahead than
   * it can use.
   */
  maxChunk?: number;
  /**
   * Milliseconds a chunk's slots stay usable after the statement that
   * took them; default `DEFAULT_BUDGET_HOLD_MS`. Used only above chunk 1.
   */
  holdMs?: number;
};

export const DEFAULT_BUDGET_HOLD_MS = 5_000;

// A chunk's slots stop being handed out this long before the end of their
// hold. The row of a slot handed out at the last moment then counts at
// least as long as Tracker counts its request, provided Tracker receives
// the request within this margin plus BUDGET_SAFETY_MARGIN_MS (1.25 s).
export const BUDGET_HOLD_EXPIRY_MARGIN_MS = 250;

// The largest value of a Postgres integer, the type of the hold parameter.
const MAX_HOLD_MS = 2_147_483_647;

type SlotGrant = { granted: number; waitMs: number; rowId: string | null };

type SlotRow = {
  granted: number;
  wait_ms: number;
  row_id: string | null;
};

/**
 * Creates a budget shared through Postgres by every process and every
 * connection that uses one access token, and by the connection's earlier
 * tokens. Each statement calls the `tracker_budget_take_chunk` function
 * (see its migration), which counts and records under advisory locks on
 * the key and the connection, so two processes cannot both take the last
 * slot. Times come from the database clock, so process clocks do not
 * matter.
 *
 * With `chunk` 1, every acquire takes one slot in one statement, recorded
 * at the time of the grant. With a larger chunk, one statement takes up to
 * `chunk` slots, recorded as one log row dated the end of their hold, and
 * the budget hands them out locally until they run out or the hold is
 * nearly over. Call `release` when done to give the unused ones back;
 * otherwise they count until they leave the window.
 */
export function createDatabaseBudget(
  db: Db,
  scope: BudgetScope,
  options: DatabaseBudgetOptions,
): RequestBudget {
  const chunk = options.chunk ?? 1;
  const maxChunk = options.maxChunk ?? chunk;
  const holdMs = options.holdMs ?? DEFAULT_BUDGET_HOLD_MS;
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new RangeError(
      `budget chunk must be a whole number of at least 1, got ${chunk}`,
    );
  }
  if (!Number.isInteger(maxChunk) || maxChunk < chunk) {
    throw new RangeError(
      `budget maxChunk must be a whole number of at least the chunk ` +
        `(${chunk}), got ${maxChunk}`,
    );
  }
  if (
    maxChunk > 1 &&
    (!Number.isInteger(holdMs) ||
      holdMs <= BUDGET_HOLD_EXPIRY_MARGIN_MS ||
      holdMs > MAX_HOLD_MS)
  ) {
    throw new RangeError(
      `budget holdMs must be a whole number of milliseconds above ` +
        `${BUDGET_HOLD_EXPIRY_MARGIN_MS}, got ${holdMs}`,
    );
  }
  const windowMs = options.windowMs + BUDGET_SAFETY_MARGIN_MS;
  const usable = options.limit - (options.reserve ?? 0);

  const takeSlots = async (
    requested: number,
    slotHoldMs: number,
    settle: Settlement | null = null,
  ): Promise<SlotGrant> => {
    // postgres.js returns bigint as a string and PGlite as a number, so
    // the id comes back as text, the same in both.
    const result = await db.execute<SlotRow>(
      sql`select granted, wait_ms, row_id::text as row_id
        from tracker_budget_take_chunk(${scope.budgetKey}::text,
          ${scope.connectionId ?? null}::uuid, ${usable}::integer,
          ${windowMs}::integer, ${requested}::integer, ${slotHoldMs}::integer,
          ${settle?.rowId ?? null}::bigint, ${settle?.used ?? null}::integer)`,
    );
    // postgres.js returns the rows as an array, PGlite inside `rows`.
    const rows = Array.isArray(result)
      ? (result as SlotRow[])
      : (result as { rows: SlotRow[] }).rows;
    const granted = Number(rows[0]?.granted);
    const waitMs = Number(rows[0]?.wait_ms);
    if (!Number.isInteger(granted) || !Number.isFinite(waitMs)) {
      throw new Error("tracker_budget_take_chunk returned no row");
    }
    return { granted, waitMs, rowId: rows[0]?.row_id ?? null };
  };

  if (maxChunk === 1) {
    const decide = async (): Promise<SlotDecision> => {
      const grant = await takeSlots(1, 0);
      return grant.granted > 0
        ? { granted: true }
        : { granted: false, waitMs: grant.waitMs };
    };
    return {
      acquire: (acquireOptions) => waitForSlot(decide, acquireOptions),
      release: async () => {},
    };
  }

  const pool = new SlotPool(db, scope.budgetKey, windowMs);
  let pending: Promise<SlotDecision> | undefined;
  let size = chunk;

  const takeChunk = async (): Promise<SlotDecision> => {
    size = pool.nextChunkSize(size, chunk, maxChunk, holdMs / 4);
    // Read before the statement is sent, so the local expiry falls no
    // later than the database's clock_timestamp() plus the hold.
    const startedAt = performance.now();
    // A settlement whose statement fails stays pending, and the next
    // statement sends it again.
    const settlement = pool.settle();
    const grant = await takeSlots(size, holdMs, settlement);
    pool.settlementSent(settlement);
    if (grant.granted === 0 || grant.rowId === null) {
      return { granted: false, waitMs: grant.waitMs };
    }
    pool.fill(grant.rowId, grant.granted, {
      requested: size,
      requestedAt: startedAt,
      usableUntil: startedAt + holdMs - BUDGET_HOLD_EXPIRY_MARGIN_MS,
    });
    // A statement slower than the hold returns slots already expired; the
    // caller then asks again at once.
    return fromPool() ?? { granted: false, waitMs: 0 };
  };

  const fromPool = (): SlotDecision | null => {
    const slot = pool.take();
    return slot === undefined
      ? null
      : { granted: true, giveBack: () => pool.giveBack(slot) };
  };

  const decide = async (): Promise<SlotDecision> => {
    for (;;) {
      const slot = fromPool();
      if (slot) return slot;
      if (!pending) break;
      // Another acquire is taking a chunk, whose slots may serve this one.
      const decision = await pending;
      if (!decision.granted) return decision;
    }
    pending = takeChunk().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    acquire: (acquireOptions) => waitForSlot(decide, acquireOptions),
    release: async () => {
      // The spare slots of a chunk being taken go back too, and so do those
      // of a chunk a waiter on that one starts in the meantime.
      while (pending) await pending.catch(() => undefined);
      await pool.deleteUnused();
    },
  };
}

// Unused slots of one chunk's log row, which counts until `countedUntil`.
type ExpiredSlots = { rowId: string; slots: number; countedUntil: number };

// A finished chunk's log row and how many of its slots were used.
type Settlement = { rowId: string; used: number };

type PooledSlot = { rowId: string; usableUntil: number };

/**
 * The slots of the latest chunk not handed out yet, and those of earlier
 * chunks that expired unused. Times are `performance.now()` values.
 */
class SlotPool {
  // The latest chunk's log row, its slots granted and left, whether it
  // was settled (see `settle`), and the settlement not yet sent.
  private rowId = "";
  private granted = 0;
  private left = 0;
  private settled = true;
  private pendingSettlement: Settlement | null = null;
  private usableUntil = 0;
  private expired: ExpiredSlots[] = [];
  // How the latest chunk went: when it was requested, whether it was
  // granted in full, and whether its last slot was handed out. Whether
  // slots expired unused since the last chunk size was chosen, and
  // whether that choice already used this record.
  private filledAt = 0;
  private full = false;
  private emptied = false;
  private wasted = false;
  private judged = false;

  constructor(
    private readonly db: Db,
    private readonly budgetKey: string,
    private readonly windowMs: number,
  ) {}

  /**
   * Replaces the pool with a new chunk: its log row and the slots granted,
   * of `requested` asked for at `requestedAt`, usable until `usableUntil`.
   */
  fill(
    rowId: string,
    granted: number,
    chunk: { requested: number; requestedAt: number; usableUntil: number },
  ): void {
    this.expire();
    this.rowId = rowId;
    this.granted = granted;
    this.left = granted;
    this.settled = false;
    this.usableUntil = chunk.usableUntil;
    this.filledAt = chunk.requestedAt;
    this.full = granted >= chunk.requested;
    this.emptied = false;
    this.judged = false;
  }

  /** Hands out one slot, or undefined when none is left or usable. */
  take(): PooledSlot | undefined {
    if (performance.now() >= this.usableUntil) this.expire();
    if (this.left === 0) return undefined;
    this.left -= 1;
    if (this.left === 0) this.emptied = true;
    return { rowId: this.rowId, usableUntil: this.usableUntil };
  }

  /**
   * Takes back a slot handed out but not used. It is handed out again
   * only while its own chunk is the pool's, still usable and not settled.
   * Otherwise it waits among the expired for `deleteUnused`: a settled
   * row may be dated before the slot would be sent.
   */
  giveBack(slot: PooledSlot): void {
    const now = performance.now();
    if (!this.settled && slot.rowId === this.rowId && now < slot.usableUntil) {
      this.left += 1;
      this.emptied = false;
      return;
    }
    this.expired.push({
      rowId: slot.rowId,
      slots: 1,
      countedUntil:
        slot.usableUntil + BUDGET_HOLD_EXPIRY_MARGIN_MS + this.windowMs,
    });
  }

  /**
   * Chooses the size of the next chunk from how the last one went: half
   * after slots expired unused, twice when the last was granted in full,
   * handed out whole, and this next chunk is asked for within `quickMs`
   * of the last one's statement, else the same, always from `min` to
   * `max`. The time runs to this request, not to the last hand-out,
   * because a chunk's first slot goes out with its statement, so a chunk
   * of 1 would otherwise always count as quick. A chunk counts once, so a
   * denied statement asked again does not double the size a second time.
   */
  nextChunkSize(
    size: number,
    min: number,
    max: number,
    quickMs: number,
  ): number {
    if (this.wasted) {
      this.wasted = false;
      this.judged = true;
      return Math.max(min, Math.floor(size / 2));
    }
    if (this.judged) return size;
    this.judged = true;
    const quick = this.emptied && performance.now() - this.filledAt < quickMs;
    return this.full && quick ? Math.min(max, size * 2) : size;
  }

  /**
   * Returns the latest chunk's row and its used slots for the next
   * statement to settle: the row keeps only those slots and is dated the
   * time of the statement. Called only when no slot of the chunk is left
   * to hand out, so every slot it handed out has been used. A slot given
   * back later still counts as used here and goes back through
   * `deleteUnused`. Returns the same settlement until `settlementSent`.
   */
  settle(): Settlement | null {
    if (this.settled) return this.pendingSettlement;
    this.settled = true;
    const unused = this.expired
      .filter((slots) => slots.rowId === this.rowId)
      .reduce((sum, slots) => sum + slots.slots, this.left);
    this.expired = this.expired.filter((slots) => slots.rowId !== this.rowId);
    this.left = 0;
    this.pendingSettlement = {
      rowId: this.rowId,
      used: Math.max(0, this.granted - unused),
    };
    return this.pendingSettlement;
  }

  /** Records that a statement carrying `settlement` succeeded. */
  settlementSent(settlement: Settlement | null): void {
    if (settlement !== null && this.pendingSettlement === settlement) {
      this.pendingSettlement = null;
    }
  }

  /**
   * Takes every slot never handed out off its log row, and settles the
   * latest chunk, whose slots were all used by the time of the call.
   */
  async deleteUnused(): Promise<void> {
    // Slots given back here did not expire, so the next chunk keeps its size.
    const wasted = this.wasted;
    const settlement = this.settle();
    this.expire();
    this.wasted = wasted;
    const unused = new Map<string, number>();
    if (settlement) unused.set(settlement.rowId, 0);
    for (const { rowId, slots } of this.expired) {
      unused.set(rowId, (unused.get(rowId) ?? 0) + slots);
    }
    this.expired = [];
    if (unused.size === 0) return;
    const ids = `{${[...unused.keys()].join(",")}}`;
    const counts = `{${[...unused.values()].join(",")}}`;
    // The settled row first keeps only its used slots, as in
    // tracker_budget_take_chunk, then loses those given back since.
    const settleId = settlement?.rowId ?? null;
    await this.db.execute(
      sql`update tracker_request_log
        set slots = greatest(0, (case when tracker_request_log.id = ${settleId}::bigint
              then least(tracker_request_log.slots, ${settlement?.used ?? null}::integer)
              else tracker_request_log.slots end) - unused.slots),
          sent_at = case when tracker_request_log.id = ${settleId}::bigint
            then least(tracker_request_log.sent_at, clock_timestamp())
            else tracker_request_log.sent_at end
        from unnest(${ids}::bigint[], ${counts}::integer[])
          as unused(id, slots)
        where tracker_request_log.budget_key = ${this.budgetKey}
          and tracker_request_log.id = unused.id`,
    );
    this.settlementSent(settlement);
  }

  private expire(): void {
    const now = performance.now();
    // An unused row stops counting a window after its date, so deleting it
    // later gives nothing back. Dropping its id keeps the list short.
    this.expired = this.expired.filter((slots) => slots.countedUntil > now);
    if (this.left === 0) return;
    this.wasted = true;
    this.expired.push({
      rowId: this.rowId,
      slots: this.left,
      countedUntil:
        this.usableUntil + BUDGET_HOLD_EXPIRY_MARGIN_MS + this.windowMs,
    });
    this.left = 0;
  }
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

  return {
    acquire: (acquireOptions) => waitForSlot(decide, acquireOptions),
    release: async () => {},
  };
}
