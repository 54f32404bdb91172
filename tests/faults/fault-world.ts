import { eq, sql } from "drizzle-orm";

import { trackerConnections, type JobMapping } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { stopQueue } from "@/lib/queue/boss";
import { setSyncClientTuning } from "@/lib/sync/tracker-client";
import { startSandbox, type RunningSandbox } from "@/lib/tracker-sandbox";

import {
  buildFixtureSeed,
  createMapping,
  createRelayFixture,
  FIXTURE_DB,
  FIXTURE_TOKEN,
  jobIdOf,
  STATUS,
  type RelayFixture,
} from "@/bench/relay-fixture";
import {
  createTestDatabase,
  type TestDatabase,
} from "@/tests/helpers/database";
import { setDatabase } from "@/db";

/**
 * One database, one sandbox and one workspace shared by every fault run.
 * `reset` brings both back to the seeded state between runs, which is far
 * cheaper than a fresh migrated database per run.
 */

export const MAPPED_JOB = jobIdOf(0);
export const OTHER_JOB = jobIdOf(1);

/**
 * The budget of both sides, scaled down from Tracker's 100 requests a
 * minute so that runs stay short. The client's budget and the sandbox's
 * rate limit both allow BUDGET_LIMIT requests per BUDGET_WINDOW_MS.
 */
export const BUDGET_LIMIT = 40;
export const BUDGET_WINDOW_MS = 500;

/** Client timeout; slow replies above it are lost after being handled. */
export const CLIENT_TIMEOUT_MS = 600;

// Seeded placements, ids from 70001: mapped job rows first, some already
// in the trigger stage so the baseline must not pull them.
const SEED_PLACEMENTS = [
  ...Array.from({ length: 10 }, () => ({
    jobId: MAPPED_JOB,
    statusId: STATUS.applied,
  })),
  { jobId: MAPPED_JOB, statusId: STATUS.shortlisted },
  { jobId: MAPPED_JOB, statusId: STATUS.shortlisted },
  { jobId: MAPPED_JOB, statusId: STATUS.submitted },
  { jobId: MAPPED_JOB, statusId: STATUS.submitted },
  ...Array.from({ length: 8 }, () => ({
    jobId: OTHER_JOB,
    statusId: STATUS.applied,
  })),
];

export type FaultWorld = {
  database: TestDatabase;
  sandbox: RunningSandbox;
  fixture: RelayFixture;
  /** The mapping of the current run; a new one after each reset. */
  mapping: JobMapping;
  connectionId: string;
};

export async function startFaultWorld(): Promise<FaultWorld> {
  const database = await createTestDatabase();
  setDatabase(database);
  const sandbox = await startSandbox({
    port: 0,
    seedDemo: false,
    databases: [buildFixtureSeed(2, SEED_PLACEMENTS)],
    settings: {
      rateLimitPerMinute: BUDGET_LIMIT,
      rateLimitWindowMs: BUDGET_WINDOW_MS,
      stormRetryAfterSeconds: 0,
    },
  });
  const fixture = await createRelayFixture(database.db, {
    sandboxUrl: sandbox.url,
    slug: `faults-${Date.now()}`,
    jobIds: [],
    requestsPerMinute: BUDGET_LIMIT,
  });
  tuneClient();
  const world: FaultWorld = {
    database,
    sandbox,
    fixture,
    mapping: undefined as unknown as JobMapping,
    connectionId: fixture.connection.id,
  };
  await resetFaultWorld(world, { stormRetryAfterSeconds: 0 });
  return world;
}

/** Short waits keep a run fast; the retry rules themselves are unchanged. */
export function tuneClient() {
  setSyncClientTuning({
    timeoutMs: CLIENT_TIMEOUT_MS,
    maxAttempts: 4,
    backoff: { baseDelayMs: 5, maxDelayMs: 50 },
    budgetWindowMs: BUDGET_WINDOW_MS,
    maxBudgetWaitMs: 10_000,
    maxRetryAfterMs: 2_000,
  });
}

/**
 * Empties the sync tables and the queues, restores the sandbox's seed and
 * settings, gives the connection its first token back and creates a new
 * mapping of the mapped job.
 */
export async function resetFaultWorld(
  world: FaultWorld,
  options: { stormRetryAfterSeconds: number },
) {
  const { db } = world.database;
  await db.execute(sql`truncate table job_mappings, backfills,
    placement_states, crawl_cursors, candidates, screenings,
    screening_events, write_backs, sync_runs, tracker_request_log,
    tracker_sessions, health_problems, health_alerts cascade`);
  await db.execute(sql`do $$ begin
    if to_regclass('pgboss.job') is not null then
      execute 'truncate table pgboss.job';
    end if;
  end $$`);
  await saveAccessToken(world, FIXTURE_TOKEN);

  world.sandbox.state.reset();
  world.sandbox.state.updateSettings({
    stormRetryAfterSeconds: options.stormRetryAfterSeconds,
  });
  world.mapping = await createMapping(db, {
    workspaceId: world.fixture.workspaceId,
    connectionId: world.connectionId,
    agentId: world.fixture.agentId,
    jobId: MAPPED_JOB,
  });
}

/**
 * Stores a token as an admin saving it on the Integrations page would, and
 * forgets every stored JWT and exchange lease, because the sandbox was
 * reset and no longer knows them.
 */
export async function saveAccessToken(world: FaultWorld, token: string) {
  await world.database.db.execute(sql`delete from tracker_sessions`);
  await world.database.db
    .update(trackerConnections)
    .set({
      accessTokenEncrypted: encryptSecret(token),
      accessTokenLast4: token.slice(-4),
      status: "connected",
      statusReason: null,
    })
    .where(eq(trackerConnections.id, world.connectionId));
}

export async function connectionStatus(world: FaultWorld): Promise<string> {
  const [row] = await world.database.db
    .select({ status: trackerConnections.status })
    .from(trackerConnections)
    .where(eq(trackerConnections.id, world.connectionId));
  return row!.status;
}

export function sandboxToken(world: FaultWorld): string {
  return world.sandbox.state.database(FIXTURE_DB).accessToken;
}

export async function closeFaultWorld(world: FaultWorld) {
  setSyncClientTuning(undefined);
  await stopQueue(world.database);
  await world.sandbox.close();
  await world.database.drop();
}
