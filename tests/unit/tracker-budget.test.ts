import { describe, expect, it } from "vitest";

import {
  BUDGET_SAFETY_MARGIN_MS,
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
