import { and, DrizzleQueryError, eq, lt, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  syncRuns,
  type MappingRunCounts,
  type SyncRunKind,
  type SyncRunStatus,
} from "@/db/schema";

/**
 * The sync_runs row every poll, backfill slice, intake batch and
 * write-back batch leaves behind. A run is inserted as "running" when it
 * starts, so a killed invocation still shows up in the history.
 */

export type RunCounts = {
  pagesRead: number;
  placementsScanned: number;
  candidatesPulled: number;
  screeningsDispatched: number;
  resultsWrittenBack: number;
  failures: number;
  trackerRequests: number;
};

export const EMPTY_COUNTS: RunCounts = {
  pagesRead: 0,
  placementsScanned: 0,
  candidatesPulled: 0,
  screeningsDispatched: 0,
  resultsWrittenBack: 0,
  failures: 0,
  trackerRequests: 0,
};

export type RunScope = {
  workspaceId: string;
  connectionId?: string | null;
  mappingId?: string | null;
  backfillId?: string | null;
};

/** Inserts a running sync run; `startedAt` defaults to the insert time. */
export async function startRun(
  db: Db,
  kind: SyncRunKind,
  scope: RunScope,
  startedAt?: Date,
): Promise<string> {
  const [row] = await db
    .insert(syncRuns)
    .values({
      kind,
      startedAt,
      workspaceId: scope.workspaceId,
      connectionId: scope.connectionId ?? null,
      mappingId: scope.mappingId ?? null,
      backfillId: scope.backfillId ?? null,
    })
    .returning({ id: syncRuns.id });
  if (!row) throw new Error(`sync run of kind ${kind} was not stored`);
  return row.id;
}

export async function finishRun(
  db: Db,
  runId: string,
  outcome: {
    status: Exclude<SyncRunStatus, "running">;
    counts: RunCounts;
    mappingCounts?: Record<string, MappingRunCounts>;
    error?: string | null;
  },
): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      status: outcome.status,
      finishedAt: sql`now()`,
      ...outcome.counts,
      mappingCounts: outcome.mappingCounts ?? {},
      error: outcome.error ?? null,
    })
    .where(eq(syncRuns.id, runId));
}

// No run lasts this long: cron invocations stop at 60 s and worker cycles
// at 50 s, so an older "running" row belongs to a process that died.
export const STALE_RUN_MINUTES = 15;

/** Marks runs whose process died while they ran as failed. */
export async function failStaleRuns(db: Db): Promise<number> {
  const rows = await db
    .update(syncRuns)
    .set({
      status: "failed",
      finishedAt: sql`now()`,
      error:
        "The run stopped before it finished, most likely at the time " +
        "limit or in a crash; the next run continues its work.",
    })
    .where(
      and(
        eq(syncRuns.status, "running"),
        lt(
          syncRuns.startedAt,
          sql`now() - make_interval(mins => ${STALE_RUN_MINUTES})`,
        ),
      ),
    )
    .returning({ id: syncRuns.id });
  return rows.length;
}

export function addCounts(total: RunCounts, more: Partial<RunCounts>) {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) {
    total[key] += more[key] ?? 0;
  }
}

/**
 * Describes an error for a run row or a write-back in plain words. Tracker
 * client errors already name the operation and never carry secrets; other
 * errors keep their message but lose any bearer token they might contain.
 */
export function describeError(error: unknown): string {
  // A failed drizzle query puts its parameters, candidate data included, in
  // its message. The driver's error in `cause` describes the failure.
  const message =
    error instanceof DrizzleQueryError
      ? `Database query failed: ${describeCause(error.cause)}`
      : error instanceof Error
        ? error.message
        : String(error);
  return message.replace(/Bearer\s+[\w.~+/=-]+/gi, "Bearer [redacted]");
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : "unknown error";
}
