import { eq } from "drizzle-orm";
import type { Logger } from "pino";

import { getDb, type Db } from "@/db";
import { trackerConnections, type TrackerConnection } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

import {
  backgroundReserve,
  budgetKeyFor,
  createDatabaseBudget,
  createMemoryBudget,
  DEFAULT_REQUESTS_PER_MINUTE,
  type DatabaseBudgetOptions,
  type RequestBudget,
} from "./budget";
import { TrackerClient } from "./client";
import { TrackerNotFoundError } from "./errors";
import {
  defaultTimeZone,
  resolveBaseUrl,
  TrackerConfigError,
  type TrackerEndpoint,
  type TrackerRegion,
} from "./hosts";
import {
  createDatabaseJwtStore,
  createMemoryJwtStore,
  forgetJwt,
  LEASE_SECONDS,
  type JwtStore,
} from "./jwt-store";
import { isValidTimeZone } from "./local-time";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./retry";
import { TrackerSession } from "./session";
import { Transport } from "./transport";

/** Knobs with production defaults; tests shrink them. */
export type ClientTuning = {
  /** Per-request timeout; default TRACKER_REQUEST_TIMEOUT_MS (20 s). */
  timeoutMs?: number;
  /** Attempts per request including the first; default 4. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** Maximum wait for a budget slot before TrackerRateLimitError. */
  maxBudgetWaitMs?: number;
  /** A 429 asking to wait longer than this fails at once. */
  maxRetryAfterMs?: number;
  /** Budget size; default the connection's requests_per_minute (100). */
  requestsPerMinute?: number;
  /** Budget window; one minute unless a test shortens it. */
  budgetWindowMs?: number;
  /**
   * Budget slots taken per database statement, 1 by default. Above 1, the
   * client keeps a chunk's spare slots for its next requests for up to
   * 5 s, and `close()` gives back those it did not use. Suits clients that
   * send many requests in a row, such as a batch of candidates.
   */
  budgetChunk?: number;
  /**
   * Largest chunk, `budgetChunk` by default. Above it, chunks double
   * while the client uses them up quickly and halve when slots expire
   * unused (`DatabaseBudgetOptions.maxChunk`).
   */
  budgetChunkMax?: number;
  /**
   * Marks work no one waits on (sync, backfill, write-back): it leaves a
   * fifth of the budget to calls an admin is waiting for.
   */
  background?: boolean;
  /** Exchange again when the JWT expires within this; default 1 hour. */
  refreshMarginMs?: number;
  /** Aborts every request of the client, e.g. at a cron deadline. */
  signal?: AbortSignal;
  /** Like `signal`, as an instant: requests stop at this time. */
  deadline?: Date;
  logger?: Logger;
};

type Parts = {
  endpoint: TrackerEndpoint;
  accessToken: string;
  timeZone: string;
  store: JwtStore;
  budget: RequestBudget;
  logger: Logger;
};

const MINUTE_MS = 60_000;

function budgetOptions(
  limit: number,
  tuning: ClientTuning,
): DatabaseBudgetOptions {
  return {
    limit,
    windowMs: tuning.budgetWindowMs ?? MINUTE_MS,
    reserve: tuning.background ? backgroundReserve(limit) : 0,
    chunk: tuning.budgetChunk,
    maxChunk: tuning.budgetChunkMax,
  };
}

/**
 * Returns the key of the token on this API origin, under which its request
 * budget and its JWT are shared by every connection and process.
 */
export function tokenKeyOf(
  endpoint: TrackerEndpoint,
  accessToken: string,
): string {
  return budgetKeyFor(resolveBaseUrl(endpoint), accessToken);
}

function assemble(parts: Parts, tuning: ClientTuning): TrackerClient {
  // Fails here, before any request, on a bad region or base URL.
  resolveBaseUrl(parts.endpoint);
  const transport = new Transport({
    budget: parts.budget,
    logger: parts.logger,
    timeoutMs: tuning.timeoutMs ?? getEnv().TRACKER_REQUEST_TIMEOUT_MS,
    maxAttempts: tuning.maxAttempts ?? 4,
    backoff: { ...DEFAULT_BACKOFF, ...tuning.backoff },
    maxBudgetWaitMs: tuning.maxBudgetWaitMs ?? MINUTE_MS + 5_000,
    maxRetryAfterMs: tuning.maxRetryAfterMs ?? MINUTE_MS,
    signal: clientSignal(tuning),
  });
  const session = new TrackerSession({
    endpoint: parts.endpoint,
    accessToken: parts.accessToken,
    timeZone: parts.timeZone,
    store: parts.store,
    transport,
    logger: parts.logger,
    refreshMarginMs: tuning.refreshMarginMs ?? 60 * MINUTE_MS,
    // Past the lease, a crashed holder's lock has lapsed.
    lockWaitMs: (LEASE_SECONDS + 10) * 1000,
  });
  return new TrackerClient({
    endpoint: parts.endpoint,
    timeZone: parts.timeZone,
    session,
    transport,
    budget: parts.budget,
    logger: parts.logger,
  });
}

function clientSignal(tuning: ClientTuning): AbortSignal | undefined {
  if (!tuning.deadline) return tuning.signal;
  const remaining = Math.max(0, tuning.deadline.getTime() - Date.now());
  const timeout = AbortSignal.timeout(remaining);
  return tuning.signal ? AbortSignal.any([tuning.signal, timeout]) : timeout;
}

/** Uses TRACKER_SANDBOX_URL for a Sandbox connection saved without a URL. */
function endpointOf(connection: TrackerConnection): TrackerEndpoint {
  return {
    region: connection.region,
    apiVersion: connection.apiVersion,
    baseUrl:
      connection.baseUrl ??
      (connection.region === "Sandbox"
        ? getEnv().TRACKER_SANDBOX_URL
        : undefined),
  };
}

/**
 * Creates a client for a stored connection (a row or its id). Its JWT
 * and request budget live in Postgres, shared with every other process
 * and connection that uses the same token.
 */
export async function createTrackerClient(
  connection: TrackerConnection | string,
  tuning: ClientTuning = {},
  db?: Db,
): Promise<TrackerClient> {
  const database = db ?? (await getDb());
  const row =
    typeof connection === "string"
      ? await loadConnection(database, connection)
      : connection;
  const logger = (tuning.logger ?? getLogger("tracker")).child({
    connectionId: row.id,
  });
  const limit =
    tuning.requestsPerMinute ??
    row.requestsPerMinute ??
    DEFAULT_REQUESTS_PER_MINUTE;

  const endpoint = endpointOf(row);
  const accessToken = decryptSecret(row.accessTokenEncrypted);
  const tokenKey = tokenKeyOf(endpoint, accessToken);

  return assemble(
    {
      endpoint,
      accessToken,
      timeZone: row.timeZone,
      store: createDatabaseJwtStore(database, tokenKey),
      budget: createDatabaseBudget(
        database,
        { budgetKey: tokenKey, connectionId: row.id },
        budgetOptions(limit, tuning),
      ),
      logger,
    },
    tuning,
  );
}

/**
 * Deletes the stored JWT of a connection's current token, when the token
 * is replaced or the connection disconnected. Another workspace using the
 * same token then exchanges it again on its next request.
 */
export async function forgetConnectionJwt(
  db: Db,
  connection: TrackerConnection,
): Promise<void> {
  const accessToken = decryptSecret(connection.accessTokenEncrypted);
  if (accessToken === "") return;
  let tokenKey: string;
  try {
    tokenKey = tokenKeyOf(endpointOf(connection), accessToken);
  } catch (error) {
    // A connection whose endpoint no longer resolves never stored a JWT.
    if (error instanceof TrackerConfigError) return;
    throw error;
  }
  await forgetJwt(db, tokenKey);
}

async function loadConnection(db: Db, id: string) {
  const [row] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.id, id));
  if (!row) {
    throw new TrackerNotFoundError(
      { operation: "loadConnection", id },
      "no Tracker connection with this id",
    );
  }
  return row;
}

export type LiveCheckInput = {
  accessToken: string;
  region: TrackerRegion;
  apiVersion?: number;
  baseUrl?: string | null;
  /** Defaults to the region's usual zone. */
  timeZone?: string;
};

/**
 * Creates a client for a token that is not saved yet (the connect
 * form's check). Its JWT stays in memory and ends with the client. With
 * `db`, its requests count in the token's shared budget. Checking a token
 * that a workspace already uses then cannot push it past Tracker's limit.
 * Without `db`, the client has a budget of its own.
 */
export function createLiveCheckClient(
  input: LiveCheckInput,
  tuning: ClientTuning = {},
  db?: Db,
): TrackerClient {
  const timeZone = input.timeZone ?? defaultTimeZone(input.region);
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  }
  const endpoint: TrackerEndpoint = {
    region: input.region,
    apiVersion: input.apiVersion,
    baseUrl:
      input.baseUrl ??
      (input.region === "Sandbox" ? getEnv().TRACKER_SANDBOX_URL : undefined),
  };
  const options = budgetOptions(
    tuning.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
    tuning,
  );
  return assemble(
    {
      endpoint,
      accessToken: input.accessToken,
      timeZone,
      store: createMemoryJwtStore(),
      budget: db
        ? createDatabaseBudget(
            db,
            { budgetKey: tokenKeyOf(endpoint, input.accessToken) },
            options,
          )
        : createMemoryBudget(options),
      logger: tuning.logger ?? getLogger("tracker"),
    },
    tuning,
  );
}
