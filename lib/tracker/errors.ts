/**
 * Typed failures of the Tracker client. Every message names the operation,
 * the record id when there is one, and the HTTP status when a reply came
 * back. Messages are built from those fields only, never from request
 * headers or bodies, so they cannot carry an access token or a JWT.
 */

export type TrackerErrorDetails = {
  operation: string;
  id?: string | number;
  status?: number;
  cause?: unknown;
};

export class TrackerError extends Error {
  name = "TrackerError";
  readonly operation: string;
  readonly id?: string | number;
  readonly status?: number;

  constructor(details: TrackerErrorDetails, problem: string) {
    super(describe(details, problem), { cause: details.cause });
    this.operation = details.operation;
    this.id = details.id;
    this.status = details.status;
  }
}

function describe(details: TrackerErrorDetails, problem: string): string {
  const target =
    details.id === undefined ? "" : ` for id ${String(details.id)}`;
  const status =
    details.status === undefined ? "" : ` (HTTP ${details.status})`;
  return `Tracker ${details.operation}${target} failed${status}: ${problem}`;
}

/**
 * The access token no longer works: the exchange returned 401, or a call
 * still returned 401 with a freshly exchanged JWT. Retrying cannot help;
 * an admin has to paste a new access token.
 */
export class TrackerAuthError extends TrackerError {
  name = "TrackerAuthError";

  constructor(details: TrackerErrorDetails) {
    super(
      details,
      "access token no longer valid; generate a new one in Tracker " +
        "(Tools & Settings, Security Settings, API) and save it here",
    );
  }
}

export class TrackerNotFoundError extends TrackerError {
  name = "TrackerNotFoundError";

  constructor(details: TrackerErrorDetails, problem = "not found") {
    super(details, problem);
  }
}

/**
 * Tracker kept answering 429, or the local request budget could not free
 * a slot before the caller's deadline. `retryAfterMs` is the wait Tracker
 * or the budget asked for, when known.
 */
export class TrackerRateLimitError extends TrackerError {
  name = "TrackerRateLimitError";
  readonly retryAfterMs?: number;

  constructor(
    details: TrackerErrorDetails & { retryAfterMs?: number },
    problem = "rate limit reached and retries used up",
  ) {
    super(details, problem);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Tracker could not be reached or kept failing: 5xx replies, timeouts,
 * refused or reset connections. `mayHaveCommitted` is true when a write
 * may have reached Tracker before the failure, so the caller must look for
 * it before writing again.
 */
export class TrackerUnavailableError extends TrackerError {
  name = "TrackerUnavailableError";
  readonly mayHaveCommitted: boolean;

  constructor(
    details: TrackerErrorDetails & { mayHaveCommitted?: boolean },
    problem: string,
  ) {
    super(details, problem);
    this.mayHaveCommitted = details.mayHaveCommitted ?? false;
  }
}

/** A reply whose body is not JSON or lacks a field the product needs. */
export class TrackerInvalidResponseError extends TrackerError {
  name = "TrackerInvalidResponseError";

  constructor(details: TrackerErrorDetails, problem: string) {
    super(details, `invalid response: ${problem}`);
  }
}
