import { describe, expect, it } from "vitest";

import {
  backoffDelay,
  parseRetryAfter,
  rateLimitDelay,
  sleep,
} from "@/lib/tracker/retry";

const options = { baseDelayMs: 500, maxDelayMs: 8_000 };

describe("backoffDelay", () => {
  it("doubles per retry with no jitter at the top", () => {
    const top = () => 1;
    expect(backoffDelay(1, options, top)).toBe(500);
    expect(backoffDelay(2, options, top)).toBe(1_000);
    expect(backoffDelay(3, options, top)).toBe(2_000);
    expect(backoffDelay(4, options, top)).toBe(4_000);
  });

  it("keeps at least half the delay", () => {
    const bottom = () => 0;
    expect(backoffDelay(1, options, bottom)).toBe(250);
    expect(backoffDelay(3, options, bottom)).toBe(1_000);
  });

  it("caps the delay", () => {
    expect(backoffDelay(5, options, () => 1)).toBe(8_000);
    expect(backoffDelay(40, options, () => 1)).toBe(8_000);
    expect(backoffDelay(1_000, options, () => 0.5)).toBe(6_000);
  });

  it("stays within bounds for random jitter", () => {
    for (let retry = 1; retry <= 10; retry += 1) {
      const delay = backoffDelay(retry, options);
      const ceiling = Math.min(8_000, 500 * 2 ** (retry - 1));
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");

  it("reads delay seconds", () => {
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBe(1_500);
  });

  it("reads an HTTP date", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now)).toBe(30_000);
  });

  it("treats a past date as no wait", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
  });

  it("ignores a missing or unreadable header", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
  });
});

describe("rateLimitDelay", () => {
  it("prefers Retry-After over backoff", () => {
    expect(rateLimitDelay(3_000, 1, options, () => 1)).toBe(3_000);
    expect(rateLimitDelay(0, 4, options, () => 1)).toBe(0);
  });

  it("falls back to backoff without Retry-After", () => {
    expect(rateLimitDelay(undefined, 2, options, () => 1)).toBe(1_000);
  });
});

describe("sleep", () => {
  it("rejects with the abort reason", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow("deadline");
  });

  it("rejects at once when already aborted", async () => {
    await expect(sleep(10, AbortSignal.abort("gone"))).rejects.toBe("gone");
  });
});
