import { describe, expect, it } from "vitest";

import type { Db } from "@/db";
import {
  backgroundReserve,
  BUDGET_HOLD_EXPIRY_MARGIN_MS,
  BUDGET_SAFETY_MARGIN_MS,
  budgetKeyFor,
  createDatabaseBudget,
  createMemoryBudget,
} from "@/lib/tracker/budget";
import { TrackerRateLimitError } from "@/lib/tracker/errors";

const acquire = { operation: "test", maxWaitMs: 10_000 };

describe("memory budget", () => {
  it("grants up to the limit at once", async () => {
    const budget = createMemoryBudget({ limit: 3, windowMs: 100 });
    const startedAt = Date.now();
    await Promise.all([1, 2, 3].map(() => budget.acquire(acquire)));
    expect(Date.now() - startedAt).toBeLessThan(50);
  });

  it("waits for the oldest request to leave the window", async () => {
    const budget = createMemoryBudget({ limit: 2, windowMs: 100 });
    await budget.acquire(acquire);
    await budget.acquire(acquire);
    const startedAt = Date.now();
    await budget.acquire(acquire);
    const waited = Date.now() - startedAt;
    // The window is widened by the safety margin.
    expect(waited).toBeGreaterThanOrEqual(100 + BUDGET_SAFETY_MARGIN_MS - 20);
    expect(waited).toBeLessThan(100 + BUDGET_SAFETY_MARGIN_MS + 500);
  });

  it("rejects a wait longer than allowed", async () => {
    const budget = createMemoryBudget({ limit: 1, windowMs: 60_000 });
    await budget.acquire(acquire);
    const error = await budget
      .acquire({ operation: "listStages", maxWaitMs: 1_000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TrackerRateLimitError);
    expect(error.operation).toBe("listStages");
    expect(error.retryAfterMs).toBeGreaterThan(59_000);
  });

  it("stops waiting on abort", async () => {
    const budget = createMemoryBudget({ limit: 1, windowMs: 60_000 });
    await budget.acquire(acquire);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("deadline")), 50);
    await expect(
      budget.acquire({
        ...acquire,
        maxWaitMs: 120_000,
        signal: controller.signal,
      }),
    ).rejects.toThrow("deadline");
  });
});

describe("memory budget release", () => {
  it("keeps the recorded requests", async () => {
    const budget = createMemoryBudget({ limit: 1, windowMs: 60_000 });
    await budget.acquire(acquire);
    await budget.release();
    await budget.release();
    await expect(
      budget.acquire({ operation: "test", maxWaitMs: 100 }),
    ).rejects.toBeInstanceOf(TrackerRateLimitError);
  });
});

describe("database budget options", () => {
  // Rejected before any statement, so no database is needed.
  const noDatabase = {} as Db;
  const scope = { budgetKey: "options-test" };
  const base = { limit: 10, windowMs: 60_000 };

  it.each([0, -1, 1.5, Number.NaN])("rejects chunk %s", (chunk) => {
    expect(() =>
      createDatabaseBudget(noDatabase, scope, { ...base, chunk }),
    ).toThrow(RangeError);
  });

  it.each([BUDGET_HOLD_EXPIRY_MARGIN_MS, 0, 1_000.5, 2 ** 31])(
    "rejects holdMs %s with a chunk",
    (holdMs) => {
      expect(() =>
        createDatabaseBudget(noDatabase, scope, { ...base, chunk: 5, holdMs }),
      ).toThrow(RangeError);
    },
  );

  it.each([
    [5, 4],
    [5, 7.5],
    [1, 0],
  ])("rejects chunk %s with maxChunk %s", (chunk, maxChunk) => {
    expect(() =>
      createDatabaseBudget(noDatabase, scope, { ...base, chunk, maxChunk }),
    ).toThrow(/maxChunk must be a whole number of at least the chunk/);
  });

  it("checks holdMs when chunks may grow from 1", () => {
    expect(() =>
      createDatabaseBudget(noDatabase, scope, {
        ...base,
        maxChunk: 4,
        holdMs: 0,
      }),
    ).toThrow(RangeError);
  });

  it("ignores holdMs at chunk 1", () => {
    expect(() =>
      createDatabaseBudget(noDatabase, scope, { ...base, holdMs: 0 }),
    ).not.toThrow();
  });
});

describe("background reserve", () => {
  it.each([
    [100, 20],
    [10, 2],
    [4, 0],
    [5, 1],
    [1, 0],
  ])("reserves for a %i-slot budget %i slots", (limit, reserve) => {
    expect(backgroundReserve(limit)).toBe(reserve);
  });

  it("makes a reserving caller wait while others may send", async () => {
    const background = createMemoryBudget({
      limit: 5,
      windowMs: 60_000,
      reserve: backgroundReserve(5),
    });
    for (let i = 0; i < 4; i += 1) await background.acquire(acquire);
    await expect(
      background.acquire({ operation: "test", maxWaitMs: 100 }),
    ).rejects.toBeInstanceOf(TrackerRateLimitError);
  });
});

describe("budget key", () => {
  const origin = "https://evousapi.tracker-rms.com";

  it("is one per origin and token", () => {
    expect(budgetKeyFor(origin, "a".repeat(32))).toBe(
      budgetKeyFor(origin, "a".repeat(32)),
    );
    expect(budgetKeyFor(origin, "a".repeat(32))).not.toBe(
      budgetKeyFor(origin, "b".repeat(32)),
    );
    expect(budgetKeyFor(origin, "a".repeat(32))).not.toBe(
      budgetKeyFor("https://evocaapi.tracker-rms.com", "a".repeat(32)),
    );
  });

  it("does not contain the token", () => {
    const token = "0123456789abcdef0123456789abcdef";
    expect(budgetKeyFor(origin, token)).not.toContain(token);
    expect(budgetKeyFor(origin, token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
