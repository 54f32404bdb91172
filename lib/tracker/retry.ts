/**
 * Backoff and waiting helpers shared by the request loop and the request
 * budget. Pure except for `sleep`, so the math is unit-tested directly.
 */

export type BackoffOptions = {
  /** Delay before the first retry, in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any single computed delay, in milliseconds. */
  maxDelayMs: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 500,
  maxDelayMs: 15_000,
};

/**
 * Delay before retry number `retry` (1 for the first retry): the capped
 * exponential `base * 2^(retry-1)`, of which a random half is kept
 * ("equal jitter"), so concurrent callers spread out but never retry at
 * once. `random` is injectable for tests.
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retry - 1);
  const capped = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.min(exponent, 30),
  );
  const half = capped / 2;
  return Math.round(half + random() * half);
}

/**
 * Parses a Retry-After header: delay seconds or an HTTP date. Returns
 * milliseconds to wait (0 for a date in the past) or undefined when the
 * header is missing or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === "") return undefined;

  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  // An HTTP date names its weekday and month; "-3" would parse as a year.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Returns the wait before retrying a 429: Retry-After when Tracker sent one,
 * because Tracker tracks its own window, otherwise the computed backoff.
 */
export function rateLimitDelay(
  retryAfterMs: number | undefined,
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return backoffDelay(retry, options, random);
}

/** Resolves after `ms`, or rejects with the signal's reason on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();

  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
