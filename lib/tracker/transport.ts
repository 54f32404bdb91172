import type { Logger } from "pino";

import type { RequestBudget } from "./budget";
import {
  TrackerRateLimitError,
  TrackerUnavailableError,
  type TrackerErrorDetails,
} from "./errors";
import {
  backoffDelay,
  parseRetryAfter,
  rateLimitDelay,
  sleep,
  type BackoffOptions,
} from "./retry";

/**
 * Sends one logical request to Tracker: takes a budget slot per attempt,
 * applies the timeout, and retries 429s, 5xx replies, timeouts and
 * dropped connections with capped backoff. Other replies go back to the
 * caller, which decides what a 401 or 404 means for its operation.
 */

export type TransportOptions = {
  budget: RequestBudget;
  logger: Logger;
  timeoutMs: number;
  /** Attempts per request, the first one included. */
  maxAttempts: number;
  backoff: BackoffOptions;
  maxBudgetWaitMs: number;
  /** A Retry-After longer than this fails at once instead of waiting. */
  maxRetryAfterMs: number;
  /** Aborts every request of the client, e.g. at a cron deadline. */
  signal?: AbortSignal;
};

export type HttpRequest = {
  operation: string;
  id?: string | number;
  method: "GET" | "POST";
  url: string;
  body?: unknown;
  bearer?: string;
  /**
   * False for writes: those are retried only when Tracker cannot have
   * processed them (429, 503, connection refused), so a lost reply never
   * turns into a second record.
   */
  idempotent: boolean;
  signal?: AbortSignal;
};

export type HttpReply = { status: number; body: unknown };

// Failures that happen before the request leaves this machine.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

type Failure = {
  kind: "timeout" | "network";
  code: string;
  notSent: boolean;
};

function classifyFailure(error: unknown): Failure {
  if (error instanceof Error && error.name === "TimeoutError") {
    return { kind: "timeout", code: "timeout", notSent: false };
  }
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? "unknown";
  return { kind: "network", code, notSent: NOT_SENT_CODES.has(code) };
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class Transport {
  /** Requests sent to Tracker by this instance, retries included. */
  requestCount = 0;

  constructor(private readonly options: TransportOptions) {}

  async send(request: HttpRequest): Promise<HttpReply> {
    const { maxAttempts } = this.options;
    const signal = anySignal([this.options.signal, request.signal]);
    const details: TrackerErrorDetails = {
      operation: request.operation,
      id: request.id,
    };

    for (let attempt = 1; ; attempt += 1) {
      await this.options.budget.acquire({
        operation: request.operation,
        signal,
        maxWaitMs: this.options.maxBudgetWaitMs,
      });
      this.requestCount += 1;

      let response: Response;
      let text: string;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: headersFor(request),
          body:
            request.body === undefined
              ? undefined
              : JSON.stringify(request.body),
          redirect: "manual",
          signal: anySignal([
            signal,
            AbortSignal.timeout(this.options.timeoutMs),
          ]),
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = classifyFailure(error);
        const retryable = request.idempotent || failure.notSent;
        const problem =
          failure.kind === "timeout"
            ? `no reply within ${this.options.timeoutMs} ms`
            : `connection failed (${failure.code})`;
        if (!retryable || attempt >= maxAttempts) {
          throw new TrackerUnavailableError(
            {
              ...details,
              cause: error,
              mayHaveCommitted: !request.idempotent && !failure.notSent,
            },
            retryable ? `${problem} after ${attempt} attempts` : problem,
          );
        }
        await this.pause(
          details,
          attempt,
          problem,
          backoffDelay(attempt, this.options.backoff),
          signal,
        );
        continue;
      }

      const { status } = response;
      if (status === 429) {
        const retryAfterMs = parseRetryAfter(
          response.headers.get("retry-after"),
        );
        const delay = rateLimitDelay(
          retryAfterMs,
          attempt,
          this.options.backoff,
        );
        if (attempt >= maxAttempts || delay > this.options.maxRetryAfterMs) {
          throw new TrackerRateLimitError({
            ...details,
            status,
            retryAfterMs: delay,
          });
        }
        await this.pause(details, attempt, "rate limited (429)", delay, signal);
        continue;
      }

      if (status >= 500) {
        const retryable = request.idempotent || status === 503;
        if (!retryable || attempt >= maxAttempts) {
          throw new TrackerUnavailableError(
            { ...details, status, mayHaveCommitted: !retryable },
            retryable
              ? `server error after ${attempt} attempts`
              : "server error on a write; check whether it was saved",
          );
        }
        // A 503 may carry a Retry-After for when the server expects to recover.
        const retryAfterMs = parseRetryAfter(
          response.headers.get("retry-after"),
        );
        const delay = Math.max(
          backoffDelay(attempt, this.options.backoff),
          Math.min(retryAfterMs ?? 0, this.options.maxRetryAfterMs),
        );
        await this.pause(
          details,
          attempt,
          `server error (${status})`,
          delay,
          signal,
        );
        continue;
      }

      this.options.logger.debug(
        { operation: request.operation, id: request.id, attempt, status },
        "Tracker request done",
      );
      return { status, body: parseBody(text) };
    }
  }

  private async pause(
    details: TrackerErrorDetails,
    attempt: number,
    reason: string,
    delayMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.options.logger.warn(
      { operation: details.operation, id: details.id, attempt, delayMs },
      `Tracker request ${reason}; retrying`,
    );
    await sleep(delayMs, signal);
  }
}

function headersFor(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": "tracker-relay",
  };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
  return headers;
}

function anySignal(
  signals: (AbortSignal | undefined)[],
): AbortSignal | undefined {
  const present = signals.filter((item): item is AbortSignal => !!item);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
