import PgBoss from "pg-boss";

import { getDatabase, type Database } from "@/db";
import { getLogger } from "@/lib/logger";
import { createPgBossDb } from "@/lib/queue/pg-boss-db";

/**
 * The pg-boss queues of the sync engine. Every queue uses the "short"
 * policy: at most one queued job per singletonKey, so repeated enqueues of
 * the same connection, backfill or screening collapse into one. "stately"
 * would also cap active jobs per key. But pg-boss 10 then fails a whole
 * fetch when the oldest queued job's key is active, which blocks every
 * other key behind it, so the work functions take their own database
 * leases instead.
 */
export const QUEUES = {
  pollConnection: "sync-poll-connection",
  backfillSlice: "sync-backfill-slice",
  screenCandidate: "sync-screen-candidate",
  writeBack: "sync-write-back",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type QueuePayloads = {
  [QUEUES.pollConnection]: { connectionId: string };
  [QUEUES.backfillSlice]: { backfillId: string };
  [QUEUES.screenCandidate]: { screeningId: string };
  [QUEUES.writeBack]: { screeningId: string };
};

// A job left active by a killed invocation expires after this and is
// retried once; the cron routes enqueue due work again every minute anyway.
const QUEUE_OPTIONS: Omit<PgBoss.Queue, "name"> = {
  policy: "short",
  retryLimit: 1,
  retryDelay: 30,
  expireInSeconds: 120,
  retentionMinutes: 60,
};

const PGBOSS_SCHEMA = "pgboss";

const log = getLogger("queue");

type BossHandle = { boss: PgBoss; ready: Promise<PgBoss> };

const globalForQueue = globalThis as unknown as {
  relayBosses?: WeakMap<Database, BossHandle>;
};

/**
 * Returns a started pg-boss on the app's database, one per database. Its
 * own timers (maintenance and cron scheduling) stay off, because a cron
 * invocation must not leave timers behind; `runQueueMaintenance` runs the
 * maintenance instead.
 */
export async function getQueue(database?: Database): Promise<PgBoss> {
  const target = database ?? (await getDatabase());
  globalForQueue.relayBosses ??= new WeakMap();
  let handle = globalForQueue.relayBosses.get(target);
  if (!handle) {
    const boss = new PgBoss({
      db: createPgBossDb(target),
      schema: PGBOSS_SCHEMA,
      supervise: false,
      schedule: false,
      migrate: true,
    });
    boss.on("error", (error) => log.error({ err: error }, "pg-boss error"));
    const ready = startBoss(boss);
    handle = { boss, ready };
    globalForQueue.relayBosses.set(target, handle);
    ready.catch(() => globalForQueue.relayBosses?.delete(target));
  }
  return handle.ready;
}

async function startBoss(boss: PgBoss): Promise<PgBoss> {
  await boss.start();
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
  for (const name of Object.values(QUEUES)) {
    if (existing.has(name)) continue;
    try {
      await boss.createQueue(name, { name, ...QUEUE_OPTIONS });
    } catch (error) {
      // Two processes starting at once both try to create the queue. The
      // second one gets a duplicate error and uses the queue the first made.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  return boss;
}

/** Stops the database's pg-boss; tests call it before dropping the database. */
export async function stopQueue(database: Database): Promise<void> {
  const handle = globalForQueue.relayBosses?.get(database);
  if (!handle) return;
  globalForQueue.relayBosses?.delete(database);
  const boss = await handle.ready.catch(() => undefined);
  await boss?.stop({ graceful: false, close: false, wait: true });
}

/**
 * Enqueues one job unless a job with the same key is already queued.
 * Returns the new job id, or null when the enqueue collapsed.
 */
export async function enqueue<Name extends QueueName>(
  name: Name,
  payload: QueuePayloads[Name],
  singletonKey: string,
  database?: Database,
): Promise<string | null> {
  const boss = await getQueue(database);
  return boss.send(name, payload, { singletonKey });
}

/**
 * Enqueues many jobs of one queue in one statement. Keys already queued
 * are skipped, as with `enqueue`.
 */
export async function enqueueMany<Name extends QueueName>(
  name: Name,
  jobs: { payload: QueuePayloads[Name]; singletonKey: string }[],
  database?: Database,
): Promise<void> {
  if (jobs.length === 0) return;
  const boss = await getQueue(database);
  await boss.insert(
    jobs.map((job) => ({
      name,
      data: job.payload,
      singletonKey: job.singletonKey,
    })),
  );
}

/** Expires stuck jobs and archives and deletes old ones. */
export async function runQueueMaintenance(database?: Database) {
  const boss = await getQueue(database);
  return boss.maintain();
}
