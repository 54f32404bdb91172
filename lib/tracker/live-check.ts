import {
  createLiveCheckClient,
  type ClientTuning,
  type LiveCheckInput,
} from "./create-client";
import {
  TrackerAuthError,
  TrackerError,
  TrackerInvalidResponseError,
  TrackerNotFoundError,
  TrackerRateLimitError,
  TrackerUnavailableError,
} from "./errors";
import { TrackerConfigError } from "./hosts";
import type { TrackerStage } from "./schemas";

export type LiveCheckFailure =
  | "token_rejected"
  | "unreachable"
  | "version_not_served"
  | "rate_limited"
  | "invalid_response"
  | "invalid_settings"
  | "failed";

export type LiveCheckResult =
  | { ok: true; stages: TrackerStage[]; timeZone: string; requestCount: number }
  | { ok: false; reason: LiveCheckFailure; message: string };

// The connect form waits on this, so fail sooner than background work.
const FORM_TUNING: ClientTuning = { timeoutMs: 10_000, maxAttempts: 2 };

/**
 * Checks an unsaved token for the connect form: exchanges it, then reads
 * the stages through the versioned API. Stores nothing. The failure reason
 * names the step that failed, in words an admin can act on.
 */
export async function checkTrackerConnection(
  input: LiveCheckInput,
  tuning: ClientTuning = {},
): Promise<LiveCheckResult> {
  try {
    const client = createLiveCheckClient(input, { ...FORM_TUNING, ...tuning });
    const stages = await client.listStages();
    return {
      ok: true,
      stages,
      timeZone: client.timeZone,
      requestCount: client.requestCount,
    };
  } catch (error) {
    return { ok: false, ...describeFailure(error, input) };
  }
}

function describeFailure(
  error: unknown,
  input: LiveCheckInput,
): { reason: LiveCheckFailure; message: string } {
  if (error instanceof TrackerConfigError || error instanceof RangeError) {
    return { reason: "invalid_settings", message: error.message };
  }
  if (error instanceof TrackerAuthError) {
    return {
      reason: "token_rejected",
      message:
        "Tracker rejected the access token. Copy it again from Tracker " +
        "(Tools & Settings, Security Settings, API), or generate a new one.",
    };
  }
  if (error instanceof TrackerUnavailableError) {
    return {
      reason: "unreachable",
      message:
        `Tracker's ${input.region} host did not answer. Check the region, ` +
        "then try again in a few minutes.",
    };
  }
  if (
    error instanceof TrackerNotFoundError &&
    error.operation !== "exchangeToken"
  ) {
    return {
      reason: "version_not_served",
      message:
        `Tracker does not serve API version ${input.apiVersion ?? 1} for ` +
        "this database. Check the API version.",
    };
  }
  if (error instanceof TrackerRateLimitError) {
    return {
      reason: "rate_limited",
      message:
        "Tracker is limiting requests for this token. Try again in a minute.",
    };
  }
  if (error instanceof TrackerInvalidResponseError) {
    return {
      reason: "invalid_response",
      message: `Tracker returned an invalid response: ${error.message}`,
    };
  }
  if (error instanceof TrackerError) {
    return { reason: "failed", message: error.message };
  }
  throw error;
}
