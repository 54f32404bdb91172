import {
  and,
  eq,
  exists,
  inArray,
  isNull,
  lt,
  lte,
  or,
  sql,
} from "drizzle-orm";

import { getDb } from "@/db";
import {
  backfills,
  jobMappings,
  screenings,
  trackerConnections,
  writeBacks,
} from "@/db/schema";
import { enqueueMany, QUEUES } from "@/lib/queue/boss";

/**
 * Finds work that is due and enqueues it. Each item's singletonKey makes a
 * repeat a no-op while the item is still queued, so every cron invocation
 * can call these without piling up duplicates. They also pick up work whose
 * enqueue was lost (a crash between a commit and its enqueue).
 */

// Caps one sweep; the rest is found by the next invocation.
const SWEEP_LIMIT = 500;

/** Enqueues a poll for every connected connection with an active mapping. */
export async function enqueueDuePolls(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: trackerConnections.id })
    .from(trackerConnections)
    .where(
      and(
        eq(trackerConnections.status, "connected"),
        exists(
          db
            .select({ one: sql`1` })
            .from(jobMappings)
            .where(
              and(
                eq(jobMappings.connectionId, trackerConnections.id),
                eq(jobMappings.status, "active"),
              ),
            ),
        ),
      ),
    );
  await enqueueMany(
    QUEUES.pollConnection,
    rows.map((row) => ({
      payload: { connectionId: row.id },
      singletonKey: row.id,
    })),
  );
  return rows.length;
}

/** Enqueues a slice for every queued or running backfill on a connected connection. */
export async function enqueueDueBackfills(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: backfills.id })
    .from(backfills)
    .innerJoin(jobMappings, eq(jobMappings.id, backfills.mappingId))
    .innerJoin(
      trackerConnections,
      eq(trackerConnections.id, jobMappings.connectionId),
    )
    .where(
      and(
        inArray(backfills.status, ["queued", "running"]),
        eq(trackerConnections.status, "connected"),
      ),
    )
    .limit(SWEEP_LIMIT);
  await enqueueMany(
    QUEUES.backfillSlice,
    rows.map((row) => ({
      payload: { backfillId: row.id },
      singletonKey: row.id,
    })),
  );
  return rows.length;
}

/** Enqueues intake for pulled screenings whose intake lease is free or expired. */
export async function enqueueDueIntake(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: screenings.id })
    .from(screenings)
    .innerJoin(
      trackerConnections,
      eq(trackerConnections.id, screenings.connectionId),
    )
    .where(
      and(
        eq(screenings.state, "pulled"),
        eq(trackerConnections.status, "connected"),
        or(
          isNull(screenings.intakeLeaseExpiresAt),
          lt(screenings.intakeLeaseExpiresAt, sql`now()`),
        ),
      ),
    )
    .orderBy(screenings.createdAt)
    .limit(SWEEP_LIMIT);
  await enqueueMany(
    QUEUES.screenCandidate,
    rows.map((row) => ({
      payload: { screeningId: row.id },
      singletonKey: row.id,
    })),
  );
  return rows.length;
}

/** Enqueues write-backs whose next attempt is due or whose lease expired. */
export async function enqueueDueWriteBacks(): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: writeBacks.screeningId })
    .from(writeBacks)
    .innerJoin(
      trackerConnections,
      eq(trackerConnections.id, writeBacks.connectionId),
    )
    .where(
      and(
        eq(trackerConnections.status, "connected"),
        or(
          and(
            eq(writeBacks.status, "pending"),
            lte(writeBacks.nextAttemptAt, sql`now()`),
          ),
          and(
            eq(writeBacks.status, "running"),
            lt(writeBacks.leaseExpiresAt, sql`now()`),
          ),
        ),
      ),
    )
    .orderBy(writeBacks.nextAttemptAt)
    .limit(SWEEP_LIMIT);
  await enqueueMany(
    QUEUES.writeBack,
    rows.map((row) => ({
      payload: { screeningId: row.id },
      singletonKey: row.id,
    })),
  );
  return rows.length;
}
