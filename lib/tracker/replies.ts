import {
  TrackerError,
  TrackerInvalidResponseError,
  TrackerNotFoundError,
  type TrackerErrorDetails,
} from "./errors";
import type { HttpReply } from "./transport";

/**
 * Turns a reply that is not 2xx into the matching typed error. 401 is not
 * handled here because it needs a token exchange first.
 */
export function assertSuccess(
  reply: HttpReply,
  details: TrackerErrorDetails,
): void {
  const { status } = reply;
  if (status >= 200 && status < 300) return;
  if (status === 404) {
    throw new TrackerNotFoundError({ ...details, status });
  }
  if (status >= 300 && status < 400) {
    throw new TrackerError(
      { ...details, status },
      "unexpected redirect; check the region and base URL",
    );
  }
  throw new TrackerError({ ...details, status }, requestProblem(reply.body));
}

// ASP.NET validation replies carry a `title` and an `errors` map of field
// names to messages; both name the problem without echoing credentials.
function requestProblem(body: unknown): string {
  if (!body || typeof body !== "object") return "request rejected";
  const { title, errors } = body as { title?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof title === "string") parts.push(title);
  if (errors && typeof errors === "object") {
    for (const [field, messages] of Object.entries(errors).slice(0, 3)) {
      const first = Array.isArray(messages) ? messages[0] : messages;
      parts.push(`${field}: ${String(first)}`);
    }
  }
  const text = parts.join(" ").slice(0, 300);
  return text ? `request rejected: ${text}` : "request rejected";
}

/** Returns the parsed JSON body; throws TrackerInvalidResponseError if none. */
export function jsonBody(
  reply: HttpReply,
  details: TrackerErrorDetails,
): unknown {
  if (reply.body === undefined) {
    throw new TrackerInvalidResponseError(
      { ...details, status: reply.status },
      "body is not JSON",
    );
  }
  return reply.body;
}
