import type { Db } from "@/db";
import type { TrackerConnection } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import {
  createLiveCheckClient,
  createTrackerClient,
  TrackerAuthError,
  TrackerError,
  TrackerNotFoundError,
  TrackerRateLimitError,
  TrackerUnavailableError,
  type TrackerClient,
  type TrackerPlacement,
  type TrackerStage,
} from "@/lib/tracker";
import { regionHostName, TrackerConfigError } from "@/lib/tracker/hosts";

import { ActionError } from "../action-error";

/**
 * The one place the admin screens call the Tracker client. Each function
 * turns the client's typed errors into messages that name the failed value
 * and the fix. The messages are built from fixed text, region and ids, so
 * they cannot contain the token or the JWT.
 */

const log = getLogger("admin-tracker");

export type TrackerEndpointSettings = {
  region: TrackerConnection["region"];
  apiVersion: number;
  baseUrl: string | null;
};

export type LiveCheck = { stages: TrackerStage[]; timeZone?: string };

export type JobSummary = {
  id: number;
  title: string;
  clientName: string | null;
  statusName: string | null;
  isClosed: boolean;
};

// The admin waits on the form, so a dead host fails after two quick tries
// instead of the background sync's four with backoff.
const LIVE_CHECK_TUNING = {
  maxAttempts: 2,
  timeoutMs: 10_000,
  backoff: { baseDelayMs: 250, maxDelayMs: 1_000 },
  maxBudgetWaitMs: 5_000,
  maxRetryAfterMs: 5_000,
};

/**
 * Exchanges the token and reads the stages without saving anything, so
 * the connect form can report which part failed: the token, the region's
 * host or the API version.
 */
export async function checkTrackerLive(
  db: Db,
  settings: TrackerEndpointSettings & { accessToken: string },
): Promise<LiveCheck> {
  let client: TrackerClient;
  try {
    client = createLiveCheckClient(settings, LIVE_CHECK_TUNING, db);
  } catch (error) {
    throw connectError(error, settings, "exchange");
  }
  try {
    await client.exchangeToken();
  } catch (error) {
    throw connectError(error, settings, "exchange");
  }
  let stages: TrackerStage[];
  try {
    stages = await client.listStages();
  } catch (error) {
    throw connectError(error, settings, "stages");
  }
  if (settings.region !== "Sandbox" || !settings.baseUrl) return { stages };
  return {
    stages,
    timeZone: await sandboxTimeZone(settings.baseUrl, settings.accessToken),
  };
}

/**
 * Reads the zone of the sandbox database this token opens, from the
 * sandbox's control API. Real Tracker has no such call, so other regions
 * use the region's default zone.
 */
async function sandboxTimeZone(
  baseUrl: string,
  accessToken: string,
): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/_sandbox/databases`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return undefined;
    const databases = (await response.json()) as {
      accessToken?: string;
      timeZone?: string;
    }[];
    return databases.find((each) => each.accessToken === accessToken)?.timeZone;
  } catch (error) {
    log.warn({ err: error }, "sandbox time zone lookup failed");
    return undefined;
  }
}

function connectError(
  error: unknown,
  settings: TrackerEndpointSettings,
  step: "exchange" | "stages",
): Error {
  const host =
    settings.region === "Sandbox"
      ? "the local sandbox"
      : regionHostName(settings.region);
  if (error instanceof TrackerAuthError && settings.region === "Sandbox") {
    return new ActionError("The Tracker sandbox rejected the access token.", {
      accessToken: [
        "The local sandbox rejected this access token. Paste one of " +
          "the tokens `npm run demo` or `npm run sandbox` printed; a token " +
          "regenerated through the control API replaces the old one.",
      ],
    });
  }
  if (error instanceof TrackerAuthError) {
    return new ActionError("Tracker rejected the access token.", {
      accessToken: [
        `Tracker at ${host} rejected this access token. Copy the current ` +
          "token from Tools & Settings → Security Settings → API; if the " +
          "token is right, check that the region matches your Tracker " +
          "login address.",
      ],
    });
  }
  if (error instanceof TrackerNotFoundError) {
    if (step === "stages") {
      return new ActionError("This API version is not served.", {
        apiVersion: [
          `Tracker at ${host} does not serve API version ` +
            `${settings.apiVersion}. Use version 1 unless Tracker support ` +
            "gave you another number.",
        ],
      });
    }
    return new ActionError("The region's host has no token exchange.", {
      region: [
        `${host} answered, but not as a Tracker REST API; check the region.`,
      ],
    });
  }
  if (
    error instanceof TrackerUnavailableError ||
    error instanceof TrackerConfigError
  ) {
    log.warn({ err: error, region: settings.region }, "tracker unreachable");
    return new ActionError("Tracker could not be reached.", {
      region: [
        `Could not reach Tracker's ${settings.region} host (${host}). Check ` +
          "the region in your Tracker login address and try again; if it " +
          "is right, Tracker may be down for a moment.",
      ],
    });
  }
  if (error instanceof TrackerRateLimitError) {
    return new ActionError(
      "Tracker is limiting requests for this token right now; wait a " +
        "minute and try again.",
    );
  }
  log.error({ err: error, region: settings.region }, "tracker check failed");
  return new ActionError(
    "Tracker sent a response Tracker Relay could not read; try " +
      "again, and contact support if it keeps happening.",
  );
}

// Calls made while an admin waits: give up on a slow Tracker sooner.
const INTERACTIVE_TUNING = {
  maxAttempts: 2,
  timeoutMs: 10_000,
  maxBudgetWaitMs: 15_000,
};

function clientFor(
  db: Db,
  connection: TrackerConnection,
): Promise<TrackerClient> {
  return createTrackerClient(connection, INTERACTIVE_TUNING, db);
}

/** Maps a failure of a call on a saved connection to a user message. */
function savedConnectionError(error: unknown, what: string): Error {
  if (error instanceof ActionError) return error;
  if (error instanceof TrackerAuthError) {
    return new ActionError(
      "Tracker rejected the stored access token; an admin must replace " +
        "it on the Integrations page.",
    );
  }
  if (error instanceof TrackerRateLimitError) {
    return new ActionError(
      `Tracker is limiting requests right now, so ${what} failed; wait a ` +
        "minute and try again.",
    );
  }
  if (error instanceof TrackerError) {
    log.warn({ err: error }, `tracker call failed: ${what}`);
    return new ActionError(
      `Tracker could not be reached, so ${what} failed; try again in a ` +
        "minute.",
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Reads one job live; an unknown id is a field error on the Job ID. */
export async function fetchJob(
  db: Db,
  connection: TrackerConnection,
  jobId: number,
): Promise<JobSummary> {
  try {
    const client = await clientFor(db, connection);
    const job = await client.getJob(jobId);
    return {
      id: job.id,
      title: job.title ?? `Job ${job.id}`,
      clientName: job.clientName,
      statusName: job.statusName,
      isClosed: job.isClosed === true || isClosedStatus(job.statusName),
    };
  } catch (error) {
    if (error instanceof TrackerNotFoundError) {
      throw new ActionError("No such job in Tracker.", {
        trackerJobId: [
          `Job ${jobId} was not found in your Tracker database. Check the ` +
            "number on the job's page in Tracker.",
        ],
      });
    }
    throw savedConnectionError(error, "reading the job");
  }
}

// Tracker databases name their job statuses freely; these words mark a
// job that takes no more candidates when history.closed is absent.
function isClosedStatus(statusName: string | null): boolean {
  return /\b(closed|filled|cancell?ed|lost)\b/i.test(statusName ?? "");
}

export async function fetchStages(
  db: Db,
  connection: TrackerConnection,
): Promise<TrackerStage[]> {
  try {
    const client = await clientFor(db, connection);
    return await client.listStages();
  } catch (error) {
    throw savedConnectionError(error, "reading Tracker's stages");
  }
}

/**
 * Yields every placement row of every job, page by page. Tracker ignores
 * search filters, so the caller filters by job, stage and date.
 */
export async function* crawlAllPlacements(
  db: Db,
  connection: TrackerConnection,
): AsyncGenerator<TrackerPlacement> {
  try {
    const client = await clientFor(db, connection);
    for await (const page of client.crawlPlacements()) {
      yield* page.rows;
    }
  } catch (error) {
    throw savedConnectionError(error, "reading the job's candidates");
  }
}
