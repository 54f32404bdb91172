/**
 * Client behaviour that needs a shared database: the request budget across
 * two client instances, the JWT lease and its storage, and a check that no
 * token or JWT reaches logs or errors during a run full of faults.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { promisify } from "node:util";

import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  trackerConnections,
  trackerRequestLog,
  trackerSessions,
  type TrackerConnection,
} from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { ensureWorkspace } from "@/lib/demo/seed";
import {
  checkTrackerConnection,
  createLiveCheckClient,
  createTrackerClient,
  TrackerAuthError,
  TrackerRateLimitError,
  type ClientTuning,
} from "@/lib/tracker";
import type { Db } from "@/db";
import {
  backgroundReserve,
  BUDGET_HOLD_EXPIRY_MARGIN_MS,
  BUDGET_SAFETY_MARGIN_MS,
  createDatabaseBudget,
  DEFAULT_BUDGET_HOLD_MS,
} from "@/lib/tracker/budget";
import { tokenKeyOf } from "@/lib/tracker/create-client";
import { createDatabaseJwtStore } from "@/lib/tracker/jwt-store";
import {
  CANADA_ACCESS_TOKEN,
  DEMO_ACCESS_TOKEN,
  startSandbox,
  type RunningSandbox,
} from "@/lib/tracker-sandbox";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

const FAST: ClientTuning = {
  timeoutMs: 2_000,
  backoff: { baseDelayMs: 20, maxDelayMs: 200 },
};
const JWT_PATTERN = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

let database: TestDatabase;
let sandbox: RunningSandbox;
let connection: TrackerConnection;
let workspaceCount = 0;

beforeAll(async () => {
  database = await useTestDatabase();
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
  await database?.drop();
});

/** Connects a new workspace to the sandbox with the demo token. */
async function connectWorkspace(): Promise<TrackerConnection> {
  workspaceCount += 1;
  const workspace = await ensureWorkspace(database.db, {
    name: `Client ${workspaceCount}`,
    slug: `client-${workspaceCount}`,
  });
  const [row] = await database.db
    .insert(trackerConnections)
    .values({
      workspaceId: workspace.id,
      region: "Sandbox",
      baseUrl: sandbox.url,
      accessTokenEncrypted: encryptSecret(DEMO_ACCESS_TOKEN),
      accessTokenLast4: DEMO_ACCESS_TOKEN.slice(-4),
      timeZone: "America/Los_Angeles",
    })
    .returning();
  return row!;
}

beforeEach(async () => {
  // Every test uses the demo token on one sandbox, so one token key: the
  // sandbox forgets its rate window and JWTs, and so does the database.
  sandbox.state.reset();
  // eslint-disable-next-line drizzle/enforce-delete-with-where -- every row
  await database.db.delete(trackerRequestLog);
  // eslint-disable-next-line drizzle/enforce-delete-with-where -- every row
  await database.db.delete(trackerSessions);
  connection = await connectWorkspace();
});

describe("request budget", () => {
  it("holds across two clients on one database", async () => {
    const windowMs = 2_000;
    const limit = 6;
    sandbox.state.updateSettings({
      rateLimitPerMinute: limit,
      rateLimitWindowMs: windowMs,
    });
    const tuning = {
      ...FAST,
      requestsPerMinute: limit,
      budgetWindowMs: windowMs,
    };
    const first = await createTrackerClient(connection, tuning, database.db);
    const second = await createTrackerClient(connection, tuning, database.db);

    await Promise.all(
      [first, second].flatMap((client) =>
        Array.from({ length: 7 }, () => client.listStages()),
      ),
    );

    const log = sandbox.state.requestLog();
    expect(log).toHaveLength(15);
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
    const times = log.map((entry) => Date.parse(entry.time));
    for (const time of times) {
      const inWindow = times.filter((t) => t > time - windowMs && t <= time);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
    expect(first.requestCount + second.requestCount).toBe(15);
  }, 30_000);

  it("is shared by workspaces with one token", async () => {
    const windowMs = 2_000;
    const limit = 5;
    sandbox.state.updateSettings({
      rateLimitPerMinute: limit,
      rateLimitWindowMs: windowMs,
    });
    const tuning = {
      ...FAST,
      requestsPerMinute: limit,
      budgetWindowMs: windowMs,
    };
    const other = await connectWorkspace();
    const first = await createTrackerClient(connection, tuning, database.db);
    const second = await createTrackerClient(other, tuning, database.db);

    // One connection after the other: the second needs slots of the window
    // the first filled, and only a shared budget makes it wait instead of
    // drawing 429s. It also reuses the first one's JWT.
    for (const client of [first, second]) {
      await Promise.all(Array.from({ length: 4 }, () => client.listStages()));
    }

    const log = sandbox.state.requestLog();
    expect(log).toHaveLength(9);
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
    const times = log.map((entry) => Date.parse(entry.time));
    for (const time of times) {
      const inWindow = times.filter((t) => t > time - windowMs && t <= time);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
  }, 30_000);

  it("leaves background work's reserve to interactive calls", async () => {
    // At 10 a minute, background work may use 8 slots and leaves 2.
    const background = await createTrackerClient(
      connection,
      {
        ...FAST,
        requestsPerMinute: 10,
        background: true,
        maxBudgetWaitMs: 300,
      },
      database.db,
    );
    for (let i = 0; i < 7; i += 1) await background.listStages();
    expect(background.requestCount).toBe(8);
    const refused = await background.listStages().catch((e) => e);
    expect(refused).toBeInstanceOf(TrackerRateLimitError);

    const interactive = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 10, maxBudgetWaitMs: 300 },
      database.db,
    );
    // A 300 ms budget wait fails these at once if the reserve were gone.
    await interactive.listStages();
    await interactive.listStages();
    const full = await interactive.listStages().catch((e) => e);
    expect(full).toBeInstanceOf(TrackerRateLimitError);
    expect(
      sandbox.state.requestLog().filter((entry) => entry.status === 429),
    ).toHaveLength(0);
  });

  it("counts a replaced token's requests", async () => {
    const before = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 3 },
      database.db,
    );
    await before.listStages();

    // The admin saves another token on the same connection.
    const [replaced] = await database.db
      .update(trackerConnections)
      .set({ accessTokenEncrypted: encryptSecret(CANADA_ACCESS_TOKEN) })
      .where(eq(trackerConnections.id, connection.id))
      .returning();
    const after = await createTrackerClient(
      replaced!,
      { ...FAST, requestsPerMinute: 3, maxBudgetWaitMs: 300 },
      database.db,
    );
    // The new token's exchange takes the last slot, its stage read none.
    const error = await after.listStages().catch((e) => e);
    expect(error).toBeInstanceOf(TrackerRateLimitError);
    expect(sandbox.state.requestLog()).toHaveLength(3);
  });

  it("counts a live check in the token's budget", async () => {
    const saved = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 3 },
      database.db,
    );
    await saved.listStages();

    const check = createLiveCheckClient(
      {
        accessToken: DEMO_ACCESS_TOKEN,
        region: "Sandbox",
        baseUrl: sandbox.url,
      },
      { ...FAST, requestsPerMinute: 3, maxBudgetWaitMs: 300 },
      database.db,
    );
    // The check's token exchange takes the last slot, its stage read none.
    const error = await check.listStages().catch((e) => e);
    expect(error).toBeInstanceOf(TrackerRateLimitError);
    expect(sandbox.state.requestLog()).toHaveLength(3);
  });

  it("prunes rows older than two windows", async () => {
    const stale = Array.from({ length: 20 }, () => ({
      budgetKey: "a-replaced-token",
      sentAt: new Date(Date.now() - 10 * 60_000),
    }));
    await database.db.insert(trackerRequestLog).values(stale);
    const budget = createDatabaseBudget(
      database.db,
      { budgetKey: "live-token" },
      {
        limit: 1_000,
        windowMs: 60_000,
      },
    );
    // About one grant in 25 prunes, so 400 grants miss it with a
    // probability near 1e-7.
    for (let i = 0; i < 400; i += 1) {
      await budget.acquire({ operation: "test", maxWaitMs: 1_000 });
    }
    const keys = await database.db
      .selectDistinct({ key: trackerRequestLog.budgetKey })
      .from(trackerRequestLog);
    expect(keys.map((row) => row.key)).toEqual(["live-token"]);
  });

  it("fails fast when the wait would pass the limit", async () => {
    const client = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 2, maxBudgetWaitMs: 500 },
      database.db,
    );
    await client.listStages();
    const startedAt = Date.now();
    const error = await client.listStages().catch((e) => e);
    expect(error).toBeInstanceOf(TrackerRateLimitError);
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const client = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 2, signal: controller.signal },
      database.db,
    );
    await client.listStages();
    setTimeout(() => controller.abort(new Error("cron deadline")), 200);
    await expect(client.listStages()).rejects.toThrow("cron deadline");
  });

  it("stops waiting at the deadline", async () => {
    const client = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 2, deadline: new Date(Date.now() + 800) },
      database.db,
    );
    await client.listStages();
    const error = await client.listStages().catch((e) => e);
    expect(error.name).toBe("TimeoutError");
  });
});

/**
 * Wraps a database so a test can count the statements that go through
 * `execute`, which is how the budget reaches Postgres, and read the slots
 * each budget statement granted. `delayMs` holds back every reply, as a
 * slow database would.
 */
function countStatements(
  db: Db,
  options: { delayMs?: number } = {},
): { db: Db; statements: () => number; grants: () => number[] } {
  let statements = 0;
  const grants: number[] = [];
  const counted = new Proxy(db, {
    get(target, property) {
      if (property === "execute") {
        return async (...args: Parameters<Db["execute"]>) => {
          statements += 1;
          const result = await target.execute(...args);
          if (options.delayMs) {
            await new Promise((done) => setTimeout(done, options.delayMs));
          }
          // postgres.js returns the rows as an array, PGlite inside `rows`.
          const rows = (
            Array.isArray(result)
              ? result
              : (result as { rows: unknown[] }).rows
          ) as { granted?: unknown }[];
          if (rows?.[0]?.granted !== undefined) {
            grants.push(Number(rows[0].granted));
          }
          return result;
        };
      }
      return Reflect.get(target, property, target);
    },
  });
  return {
    db: counted,
    statements: () => statements,
    grants: () => [...grants],
  };
}

/**
 * Counts the slots the log holds for `budgetKey`, and those dated after
 * now. A chunk's row counts its slots.
 */
async function loggedRows(budgetKey: string) {
  const [row] = await database.db
    .select({
      total: sql<number>`coalesce(sum(${trackerRequestLog.slots}), 0)::integer`,
      ahead: sql<number>`coalesce(sum(${trackerRequestLog.slots}) filter (where ${trackerRequestLog.sentAt} > clock_timestamp()), 0)::integer`,
    })
    .from(trackerRequestLog)
    .where(eq(trackerRequestLog.budgetKey, budgetKey));
  return { total: Number(row!.total), ahead: Number(row!.ahead) };
}

describe("chunked request budget", () => {
  const key = "chunked-budget-key";
  const fastFail = { operation: "test", maxWaitMs: 100 };
  const patient = { operation: "test", maxWaitMs: 1_000 };

  it("takes one statement per chunk", async () => {
    const { db, statements } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key, connectionId: connection.id },
      { limit: 1_000, windowMs: 60_000, chunk: 10, holdMs: 60_000 },
    );
    for (let i = 0; i < 100; i += 1) await budget.acquire(patient);
    expect(statements()).toBe(10);
    expect((await loggedRows(key)).total).toBe(100);
  });

  it("takes one chunk for concurrent acquires", async () => {
    const { db, statements } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000, chunk: 10, holdMs: 60_000 },
    );
    await Promise.all(
      Array.from({ length: 10 }, () => budget.acquire(patient)),
    );
    expect(statements()).toBe(1);
    await Promise.all(
      Array.from({ length: 11 }, () => budget.acquire(patient)),
    );
    expect(statements()).toBe(3);
    expect((await loggedRows(key)).total).toBe(30);
  });

  it("takes one statement per acquire at chunk 1", async () => {
    const { db, statements } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000 },
    );
    for (let i = 0; i < 5; i += 1) await budget.acquire(patient);
    await budget.release();
    expect(statements()).toBe(5);
    // Dated at the grant, as before chunks existed.
    expect(await loggedRows(key)).toEqual({ total: 5, ahead: 0 });
  });

  it("counts held slots for other callers at once", async () => {
    const { db, statements } = countStatements(database.db);
    const options = { limit: 5, windowMs: 60_000 };
    const holder = createDatabaseBudget(
      db,
      { budgetKey: key },
      { ...options, chunk: 5 },
    );
    await holder.acquire(patient);
    expect(await loggedRows(key)).toEqual({ total: 5, ahead: 5 });

    const other = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      options,
    );
    const error = await other.acquire(fastFail).catch((e) => e);
    expect(error).toBeInstanceOf(TrackerRateLimitError);
    // The rows are dated at the end of their hold, so the first leaves
    // the window a hold after a row dated now would.
    expect(error.retryAfterMs).toBeGreaterThan(
      60_000 + BUDGET_SAFETY_MARGIN_MS + DEFAULT_BUDGET_HOLD_MS - 2_000,
    );

    // The holder spends its pooled slots without another statement.
    for (let i = 0; i < 4; i += 1) await holder.acquire(fastFail);
    expect(statements()).toBe(1);
    await expect(holder.acquire(fastFail)).rejects.toBeInstanceOf(
      TrackerRateLimitError,
    );
  });

  it("counts held slots of a connection under another key", async () => {
    const options = { limit: 4, windowMs: 60_000 };
    const holder = createDatabaseBudget(
      database.db,
      { budgetKey: key, connectionId: connection.id },
      { ...options, chunk: 4 },
    );
    await holder.acquire(patient);
    // The same connection after its token was replaced.
    const replaced = createDatabaseBudget(
      database.db,
      { budgetKey: "replaced-token-key", connectionId: connection.id },
      options,
    );
    await expect(replaced.acquire(fastFail)).rejects.toBeInstanceOf(
      TrackerRateLimitError,
    );
  });

  it("never grants past the usable slots", async () => {
    const { db, statements } = countStatements(database.db);
    const other = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      { limit: 10, windowMs: 60_000 },
    );
    for (let i = 0; i < 3; i += 1) await other.acquire(patient);

    // 10 slots less a background reserve of 2 and the 3 taken leave 5.
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      {
        limit: 10,
        windowMs: 60_000,
        reserve: backgroundReserve(10),
        chunk: 20,
      },
    );
    for (let i = 0; i < 5; i += 1) await budget.acquire(patient);
    expect(statements()).toBe(1);
    expect((await loggedRows(key)).total).toBe(8);
    await expect(budget.acquire(fastFail)).rejects.toBeInstanceOf(
      TrackerRateLimitError,
    );
    expect((await loggedRows(key)).total).toBe(8);
  });

  it("returns unused slots on release", async () => {
    const { db, statements } = countStatements(database.db);
    const options = { limit: 5, windowMs: 60_000 };
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { ...options, chunk: 5 },
    );
    await budget.acquire(patient);
    await budget.acquire(patient);
    await budget.release();
    // The two used slots still count, and the three unused are gone.
    expect((await loggedRows(key)).total).toBe(2);
    expect(statements()).toBe(2);

    await budget.release();
    expect(statements()).toBe(2);

    const other = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      options,
    );
    for (let i = 0; i < 3; i += 1) await other.acquire(fastFail);
    await expect(other.acquire(fastFail)).rejects.toBeInstanceOf(
      TrackerRateLimitError,
    );
  });

  it("records a chunk as one row and lowers it on release", async () => {
    const budget = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000, chunk: 10, holdMs: 60_000 },
    );
    for (let i = 0; i < 4; i += 1) await budget.acquire(patient);
    const slotsOfRows = async () => {
      const { rows } = await database.executeSql(
        "select slots from tracker_request_log where budget_key = $1",
        [key],
      );
      return rows.map((row) => Number(row.slots));
    };
    expect(await slotsOfRows()).toEqual([10]);
    await budget.release();
    expect(await slotsOfRows()).toEqual([4]);
  });

  it("dates a used-up chunk at the next statement", async () => {
    const budget = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000, chunk: 3, holdMs: 60_000 },
    );
    for (let i = 0; i < 3; i += 1) await budget.acquire(patient);
    // All 3 slots are dated at the end of their hold while in use.
    expect(await loggedRows(key)).toEqual({ total: 3, ahead: 3 });

    await budget.acquire(patient);
    // The next chunk's statement dated the first one now, so its slots
    // stop counting a window after their use. The new chunk is ahead.
    expect(await loggedRows(key)).toEqual({ total: 6, ahead: 3 });

    await budget.release();
    // Release dates the second chunk now too and gives back its 2 unused.
    expect(await loggedRows(key)).toEqual({ total: 4, ahead: 0 });
  });

  it("keeps a slot given back after settling off the pool", async () => {
    const usable = 4;
    const budget = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      { limit: usable, windowMs: 2_000, chunk: 2, holdMs: 5_000 },
    );

    // Chunk A: both slots used.
    await budget.acquire(patient);
    await budget.acquire(patient);

    // Chunk B goes to the first caller and to a second, aborted while it
    // waits on B. A third finds B used up, so its statement settles B
    // (dates its row now) and is denied. Only then does the aborted
    // caller give its slot of B back.
    const abort = new AbortController();
    const results = await Promise.allSettled([
      budget.acquire(patient),
      budget.acquire({ ...patient, signal: abort.signal }),
      budget.acquire(fastFail),
      Promise.resolve().then(() => abort.abort(new Error("aborted"))),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);

    // Sent later, that slot would count in Tracker's window after B's
    // row leaves ours, so it must not be handed out again.
    await expect(budget.acquire(fastFail)).rejects.toBeInstanceOf(
      TrackerRateLimitError,
    );
    await budget.release();
    expect((await loggedRows(key)).total).toBe(3);
  });

  it("settles a chunk again after a failed statement", async () => {
    let failNext = false;
    const failing = new Proxy(database.db, {
      get(target, property, receiver) {
        if (property === "execute" && failNext) {
          failNext = false;
          return async () => {
            throw new Error("connection reset");
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const budget = createDatabaseBudget(
      failing,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000, chunk: 4, holdMs: 400 },
    );

    await budget.acquire(patient);
    // The chunk's other 3 slots expire unused.
    await new Promise((done) => setTimeout(done, 450));

    failNext = true;
    await expect(budget.acquire(patient)).rejects.toThrow("connection reset");
    await budget.release();
    // Release sent the settlement the failed statement carried.
    expect((await loggedRows(key)).total).toBe(1);
  });

  it("counts chunk rows by their slots in the earlier functions", async () => {
    const budget = createDatabaseBudget(
      database.db,
      { budgetKey: key },
      { limit: 100, windowMs: 60_000, chunk: 5, holdMs: 60_000 },
    );
    await budget.acquire(patient);
    // Processes of an earlier release call these. With 5 slots held by
    // the chunk, the per-slot function grants 1 of 6, and the one-slot
    // function the last of 7, then waits.
    const { rows: slotRows } = await database.executeSql(
      `select granted, array_length(ids, 1) as ids
        from tracker_budget_take_slots($1, null, 6, 61000, 5, 0)`,
      [key],
    );
    expect(slotRows.map((row) => [row.granted, row.ids])).toEqual([[1, 1]]);
    const takeOne = async () => {
      const { rows } = await database.executeSql(
        "select tracker_budget_take($1, null, 7, 61000) as wait_ms",
        [key],
      );
      return Number(rows[0]?.wait_ms);
    };
    expect(await takeOne()).toBe(-1);
    expect(await takeOne()).toBeGreaterThan(0);
    expect((await loggedRows(key)).total).toBe(7);
  });

  it("takes a new chunk once the pool expires", async () => {
    const { db, statements } = countStatements(database.db);
    // The pool expires 500 ms after its statement was sent: long enough
    // for a slow statement on a busy machine, short enough to wait out.
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      {
        limit: 100,
        windowMs: 60_000,
        chunk: 5,
        holdMs: BUDGET_HOLD_EXPIRY_MARGIN_MS + 500,
      },
    );
    await budget.acquire(patient);
    await new Promise((done) => setTimeout(done, 600));
    await budget.acquire(patient);
    expect(statements()).toBe(2);
    // The second chunk's statement gave back the 4 unused slots of the
    // expired one.
    expect((await loggedRows(key)).total).toBe(6);

    await new Promise((done) => setTimeout(done, 30));
    await budget.release();
    // Release gives back the 4 unused slots of the second chunk.
    expect((await loggedRows(key)).total).toBe(2);
  });

  it("doubles chunks used up quickly, up to the largest", async () => {
    const { db, statements } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 2, maxChunk: 8, holdMs: 60_000 },
    );
    const rowsAfter = async (acquires: number) => {
      for (let i = 0; i < acquires; i += 1) await budget.acquire(patient);
      return (await loggedRows(key)).total;
    };

    // Chunks of 2, 4, 8 and 8 again.
    expect(await rowsAfter(1)).toBe(2);
    expect(await rowsAfter(2)).toBe(6);
    expect(await rowsAfter(4)).toBe(14);
    expect(await rowsAfter(8)).toBe(22);
    expect(statements()).toBe(4);
    await budget.release();
    expect((await loggedRows(key)).total).toBe(15);
  });

  it("halves the chunk after slots expire unused", async () => {
    const { db, statements } = countStatements(database.db);
    // Four acquires right after a statement count as quick (within a
    // quarter of the 1,250 ms hold), and the pool expires 1 s after it.
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      {
        limit: 1_000,
        windowMs: 60_000,
        chunk: 4,
        maxChunk: 16,
        holdMs: BUDGET_HOLD_EXPIRY_MARGIN_MS + 1_000,
      },
    );
    for (let i = 0; i < 5; i += 1) await budget.acquire(patient);
    // A chunk of 4, then one of 8 with 7 left.
    expect((await loggedRows(key)).total).toBe(12);

    await new Promise((done) => setTimeout(done, 1_100));
    await budget.acquire(patient);
    // The 7 expired unused and went back, so the next chunk is 4, not 16.
    expect((await loggedRows(key)).total).toBe(9);
    expect(statements()).toBe(3);
  });

  it("keeps the chunk when it is used slowly", async () => {
    const { db } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 2, maxChunk: 8, holdMs: 400 },
    );
    await budget.acquire(patient);
    // Past a quarter of the hold, though within the hold itself.
    await new Promise((done) => setTimeout(done, 120));
    await budget.acquire(patient);
    await budget.acquire(patient);
    expect((await loggedRows(key)).total).toBe(4);
  });

  it("doubles once per quick chunk, though denied in between", async () => {
    const { db, grants } = countStatements(database.db);
    const window = { limit: 10, windowMs: 500 };
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { ...window, chunk: 2, maxChunk: 32, holdMs: 1_000 },
    );
    const other = createDatabaseBudget(database.db, { budgetKey: key }, window);
    // A chunk of 2 used up at once, then another caller fills the window.
    await budget.acquire(patient);
    await budget.acquire(patient);
    for (let i = 0; i < 8; i += 1) await other.acquire(patient);

    // Denied until rows leave the window, then granted the doubled chunk
    // once, not doubled again for each denial.
    await budget.acquire({ operation: "test", maxWaitMs: 10_000 });
    expect(grants()[0]).toBe(2);
    expect(
      grants()
        .slice(1, -1)
        .every((granted) => granted === 0),
    ).toBe(true);
    expect(grants().at(-1)).toBe(4);
  });

  it("does not grow on partial grants", async () => {
    const { db, grants } = countStatements(database.db);
    const window = { limit: 3, windowMs: 100 };
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { ...window, chunk: 2, maxChunk: 16, holdMs: 300 },
    );
    const other = createDatabaseBudget(database.db, { budgetKey: key }, window);
    const leaveWindow = () => new Promise((done) => setTimeout(done, 1_500));
    for (let round = 0; round < 3; round += 1) {
      // One slot left each time, so each chunk is granted in part.
      await other.acquire(patient);
      await other.acquire(patient);
      await budget.acquire(patient);
      await leaveWindow();
    }
    await budget.acquire(patient);

    expect(grants()).toEqual([1, 1, 1, 2]);
  });

  it("grows from a chunk of 1", async () => {
    const { db, statements } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 1, maxChunk: 8, holdMs: 60_000 },
    );
    for (let i = 0; i < 15; i += 1) await budget.acquire(patient);
    // Chunks of 1, 2, 4 and 8.
    expect(statements()).toBe(4);
  });

  it("keeps a slow caller's chunk at 1", async () => {
    const { db, statements } = countStatements(database.db);
    // Slots stay usable for 350 ms, and the caller asks every 400 ms.
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      {
        limit: 100,
        windowMs: 60_000,
        chunk: 1,
        maxChunk: 32,
        holdMs: BUDGET_HOLD_EXPIRY_MARGIN_MS + 350,
      },
    );
    for (let i = 0; i < 6; i += 1) {
      await budget.acquire(patient);
      await new Promise((done) => setTimeout(done, 400));
    }
    // A chunk of 1 goes out with its statement, which must not count as
    // used up quickly: the chunk never grows, and no slot is held unused.
    expect(statements()).toBe(6);
    expect((await loggedRows(key)).total).toBe(6);
  });

  it("keeps the chunk size across a release", async () => {
    const { db, grants } = countStatements(database.db);
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 2, maxChunk: 8, holdMs: 60_000 },
    );
    for (let i = 0; i < 3; i += 1) await budget.acquire(patient);
    await budget.release();
    await budget.acquire(patient);

    expect(grants()).toEqual([2, 4, 4]);
  });

  it("returns the rows of a chunk a waiter starts during release", async () => {
    const { db, grants } = countStatements(database.db, { delayMs: 20 });
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 2, holdMs: 60_000 },
    );
    // Three acquires share a chunk of 2, so the third starts another,
    // while release waits for the first.
    const acquires = [1, 2, 3].map(() => budget.acquire(patient));
    const released = budget.release();
    await Promise.all(acquires);
    await released;

    expect(grants()).toEqual([2, 2]);
    expect((await loggedRows(key)).total).toBe(3);
  });

  it("rejects an acquire aborted while its chunk is taken", async () => {
    const { db, statements } = countStatements(database.db, { delayMs: 50 });
    const budget = createDatabaseBudget(
      db,
      { budgetKey: key },
      { limit: 1_000, windowMs: 60_000, chunk: 2, holdMs: 60_000 },
    );
    const controller = new AbortController();
    const aborted = budget.acquire({ ...patient, signal: controller.signal });
    controller.abort(new Error("stopped by the test"));

    await expect(aborted).rejects.toThrow("stopped by the test");
    // Both slots of the chunk are still there for the next acquires.
    await budget.acquire(patient);
    await budget.acquire(patient);
    expect(statements()).toBe(1);
  });

  it("holds Tracker's window across two chunked clients", async () => {
    const windowMs = 2_000;
    const limit = 6;
    sandbox.state.updateSettings({
      rateLimitPerMinute: limit,
      rateLimitWindowMs: windowMs,
    });
    const tuning = {
      ...FAST,
      requestsPerMinute: limit,
      budgetWindowMs: windowMs,
      budgetChunk: 3,
    };
    const first = await createTrackerClient(connection, tuning, database.db);
    const second = await createTrackerClient(connection, tuning, database.db);

    // Two chunks of 3 fill the window, so the last requests wait until the
    // held rows leave it, a hold and a window after they were taken.
    await Promise.all(
      [first, second].flatMap((client) =>
        Array.from({ length: 4 }, () => client.listStages()),
      ),
    );
    await Promise.all([first.close(), second.close()]);

    const log = sandbox.state.requestLog();
    expect(log).toHaveLength(9);
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(0);
    const times = log.map((entry) => Date.parse(entry.time));
    for (const time of times) {
      const inWindow = times.filter((t) => t > time - windowMs && t <= time);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
  }, 30_000);

  it("gives back a client's unused slots on close", async () => {
    const client = await createTrackerClient(
      connection,
      { ...FAST, requestsPerMinute: 10, budgetChunk: 5 },
      database.db,
    );
    const tokenKey = tokenKeyOf(
      { region: "Sandbox", baseUrl: sandbox.url },
      DEMO_ACCESS_TOKEN,
    );
    // The token exchange and two stage reads take 3 of one chunk's 5.
    await client.listStages();
    await client.listStages();
    expect(client.requestCount).toBe(3);
    expect((await loggedRows(tokenKey)).total).toBe(5);

    await client.close();
    expect((await loggedRows(tokenKey)).total).toBe(3);
    await client.close();
    await client.listStages();
    expect((await loggedRows(tokenKey)).total).toBe(8);
  });
});

// Runs in a separate Node process: opens the same Postgres database and
// sends `count` requests through its own client, all at `startAt`.
const CHILD_SCRIPT = `
import { openPostgres } from "@/db";
import { createTrackerClient } from "@/lib/tracker/create-client";
(async () => {
  const env = process.env;
  const database = await openPostgres(env.CHILD_DATABASE_URL, { max: 2 });
  const client = await createTrackerClient(
    env.CHILD_CONNECTION_ID,
    { requestsPerMinute: Number(env.CHILD_LIMIT),
      budgetWindowMs: Number(env.CHILD_WINDOW_MS), timeoutMs: 5000 },
    database.db,
  );
  await new Promise((done) =>
    setTimeout(done, Math.max(0, Number(env.CHILD_START_AT) - Date.now())));
  const calls = Array.from({ length: Number(env.CHILD_COUNT) },
    () => client.listStages());
  await Promise.all(calls);
  console.log(JSON.stringify({ requestCount: client.requestCount }));
  await database.close();
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

describe.skipIf(!process.env.TEST_DATABASE_URL)("two processes", () => {
  it("share one budget and one exchange", async () => {
    const windowMs = 2_000;
    const limit = 6;
    sandbox.state.updateSettings({
      rateLimitPerMinute: limit,
      rateLimitWindowMs: windowMs,
    });
    const env = {
      ...process.env,
      CHILD_DATABASE_URL: database.location,
      CHILD_CONNECTION_ID: connection.id,
      CHILD_LIMIT: String(limit),
      CHILD_WINDOW_MS: String(windowMs),
      CHILD_COUNT: "6",
      CHILD_START_AT: String(Date.now() + 10_000),
    };
    const run = () =>
      promisify(execFile)("npx", ["tsx", "-e", CHILD_SCRIPT], { env });
    const outputs = await Promise.all([run(), run()]);

    const counts = outputs.map(({ stdout }) =>
      JSON.parse(stdout.trim().split("\n").at(-1)!),
    );
    const log = sandbox.state.requestLog();
    const exchanges = log.filter((entry) =>
      entry.path.toLowerCase().includes("exchangetoken"),
    );
    expect(exchanges).toHaveLength(1);
    expect(log).toHaveLength(13);
    expect(log.filter((entry) => entry.status !== 200)).toHaveLength(0);
    expect(counts[0].requestCount + counts[1].requestCount).toBe(13);
    const times = log.map((entry) => Date.parse(entry.time));
    for (const time of times) {
      const inWindow = times.filter((t) => t > time - windowMs && t <= time);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
  }, 90_000);
});

/** Reads the stored session row of the demo token on this sandbox. */
async function storedSession() {
  const tokenKey = tokenKeyOf(
    { region: "Sandbox", baseUrl: sandbox.url },
    DEMO_ACCESS_TOKEN,
  );
  const [row] = await database.db
    .select()
    .from(trackerSessions)
    .where(eq(trackerSessions.tokenKey, tokenKey));
  return row!;
}

describe("JWT storage", () => {
  it("stores the JWT encrypted with its expiry", async () => {
    const client = await createTrackerClient(connection, FAST, database.db);
    await client.listStages();
    const row = await storedSession();
    expect(row.jwtEncrypted).not.toMatch(JWT_PATTERN);
    expect(decryptSecret(row.jwtEncrypted!)).toMatch(JWT_PATTERN);
    // The sandbox sends a 7-day expiry in the database's local time.
    const expected = Date.now() + 7 * 24 * 3_600_000;
    expect(Math.abs(row.jwtExpiresAt!.getTime() - expected)).toBeLessThan(
      120_000,
    );
  });

  it("reuses the JWT from exchangeToken", async () => {
    const client = await createTrackerClient(connection, FAST, database.db);
    const { expiresAt } = await client.exchangeToken();
    await client.listStages();
    const live = createLiveCheckClient({
      accessToken: DEMO_ACCESS_TOKEN,
      region: "Sandbox",
      baseUrl: sandbox.url,
    });
    await live.exchangeToken();
    await live.listStages();

    const exchanges = sandbox.state
      .requestLog()
      .filter((entry) => entry.path.toLowerCase().includes("exchangetoken"));
    expect(exchanges).toHaveLength(2);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(Object.keys(await live.exchangeToken())).toEqual(["expiresAt"]);
  });

  it("exchanges again ahead of expiry", async () => {
    const client = await createTrackerClient(connection, FAST, database.db);
    await client.listStages();
    await database.db
      .update(trackerSessions)
      .set({ jwtExpiresAt: new Date(Date.now() + 30 * 60_000) })
      .where(eq(trackerSessions.tokenKey, (await storedSession()).tokenKey));

    const other = await createTrackerClient(connection, FAST, database.db);
    await other.listStages();
    const exchanges = sandbox.state
      .requestLog()
      .filter((entry) => entry.path.toLowerCase().includes("exchangetoken"));
    expect(exchanges).toHaveLength(2);
  });

  it("shares one JWT between workspaces with one token", async () => {
    const other = await connectWorkspace();
    const first = await createTrackerClient(connection, FAST, database.db);
    const second = await createTrackerClient(other, FAST, database.db);
    await Promise.all([
      ...Array.from({ length: 3 }, () => first.listStages()),
      ...Array.from({ length: 3 }, () => second.listStages()),
    ]);

    const log = sandbox.state.requestLog();
    const exchanges = log.filter((entry) =>
      entry.path.toLowerCase().includes("exchangetoken"),
    );
    expect(exchanges).toHaveLength(1);
    expect(log.filter((entry) => entry.status !== 200)).toHaveLength(0);
  });

  it("lets one holder at a time take the exchange lease", async () => {
    const first = createDatabaseJwtStore(database.db, "lease-test-key");
    const second = createDatabaseJwtStore(database.db, "lease-test-key");
    const [a, b] = await Promise.all([first.tryLock(), second.tryLock()]);
    expect([a, b].filter(Boolean)).toHaveLength(1);

    const leaseId = (a ?? b)!;
    const holder = a ? first : second;
    const waiter = a ? second : first;
    expect(await waiter.tryLock()).toBeUndefined();
    await holder.unlock(leaseId);
    const next = await waiter.tryLock();
    expect(next).toBeDefined();

    // A lease left by a crashed process lapses on its own.
    await database.db
      .update(trackerSessions)
      .set({
        exchangeLockExpiresAt: sql`clock_timestamp() - interval '1 second'`,
      })
      .where(eq(trackerSessions.tokenKey, "lease-test-key"));
    expect(await holder.tryLock()).toBeDefined();
  });
});

describe("401 handling", () => {
  it("gives up when a fresh JWT is rejected", async () => {
    // A stand-in Tracker that issues JWTs and then rejects every one.
    const hits = { exchange: 0, api: 0 };
    const server = createServer((request, response) => {
      if (request.url?.toLowerCase() === "/api/auth/exchangetoken") {
        hits.exchange += 1;
        response.setHeader("content-type", "application/json");
        response.end(
          JSON.stringify({
            token: `eyJhbGciOiJub25lIn0.eyJuIjoke${hits.exchange}fQ.c2ln`,
            expiration: "2099-01-01T00:00:00Z",
          }),
        );
        return;
      }
      hits.api += 1;
      response.statusCode = 401;
      response.end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as AddressInfo;

    try {
      const client = createLiveCheckClient(
        {
          accessToken: DEMO_ACCESS_TOKEN,
          region: "Sandbox",
          baseUrl: `http://127.0.0.1:${port}`,
        },
        FAST,
      );
      const error = await client.getJob(5).catch((e) => e);
      expect(error).toBeInstanceOf(TrackerAuthError);
      expect(error.operation).toBe("getJob");
      expect(error.id).toBe(5);
      expect(error.status).toBe(401);
      // Cold-start exchange, then one more after the first 401.
      expect(hits.exchange).toBe(2);
      expect(hits.api).toBe(2);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe("secrets", () => {
  it("keeps tokens and JWTs out of logs and errors", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: "trace" }, sink);
    const tuning = { ...FAST, logger, timeoutMs: 300 };
    const client = await createTrackerClient(connection, tuning, database.db);
    const errors: unknown[] = [];
    const attempt = (work: Promise<unknown>) =>
      work.catch((error) => errors.push(error));

    await client.listStages();
    sandbox.state.updateSettings({ stormRetryAfterSeconds: 0 });
    sandbox.state.setFaults({ rateLimitStorm: 2, serverErrors: 1 });
    await attempt(client.listStages());
    sandbox.state.setFaults({ malformedRows: 1 });
    await attempt(client.crawlPlacements().next());
    sandbox.state.setFaults({ slowReplies: 5, slowReplyMs: 500 });
    await attempt(client.listStages());
    sandbox.state.setFaults({ dropAfterWrite: 1, slowReplies: 0 });
    await attempt(
      client.createActivity({ candidateId: 140001, subject: "s", note: "n" }),
    );
    await attempt(client.getJob(999_999));
    const { accessToken: newToken } =
      sandbox.state.regenerateAccessToken("demo");
    await attempt(client.listStages());
    const check = await checkTrackerConnection(
      {
        accessToken: DEMO_ACCESS_TOKEN,
        region: "Sandbox",
        baseUrl: sandbox.url,
      },
      { ...tuning, logger },
    );

    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.at(-1)).toBeInstanceOf(TrackerAuthError);
    expect(check.ok).toBe(false);
    expect(lines.length).toBeGreaterThan(5);

    const text = [
      ...lines,
      JSON.stringify(check),
      ...errors.flatMap((error) => {
        const typed = error as Error & { cause?: unknown };
        return [
          typed.message,
          typed.stack ?? "",
          JSON.stringify(typed),
          String(typed.cause ?? ""),
          JSON.stringify(typed.cause ?? null),
        ];
      }),
    ].join("\n");
    expect(text).not.toContain(DEMO_ACCESS_TOKEN);
    expect(text).not.toContain(newToken);
    expect(text).not.toMatch(JWT_PATTERN);
    expect(text).not.toMatch(/bearer\s+\S{20,}/i);
  });
});
