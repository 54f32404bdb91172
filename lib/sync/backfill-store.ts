import { and, desc, eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  backfills,
  screenings,
  syncRuns,
  type Backfill,
  type JobMapping,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { TrackerPlacement } from "@/lib/tracker";

import { matchBackfill, type BackfillRule } from "./backfill-filter";
import { recordPulledEvents } from "./page-commit";

/** The database writes of a backfill: pages, completion and giving up. */

const log = getLogger("sync.backfill");

// A backfill whose last this-many slices all failed (for reasons other
// than a rejected token) is marked failed, so it stops using the budget.
export const MAX_FAILED_SLICES = 5;

/**
 * Stores one page of a backfill. Returns null, storing nothing, when the
 * backfill is no longer running at this page (cancelled, or another slice
 * stored the page first).
 */
export async function commitBackfillPage(
  db: Db,
  input: {
    backfill: Backfill;
    mapping: JobMapping;
    page: number;
    rows: readonly TrackerPlacement[];
    rule: BackfillRule;
  },
): Promise<{ pulled: string[] } | null> {
  const matches = input.rows.filter(
    (row) => matchBackfill(row, input.rule).kind === "match",
  );
  const undated = input.rows.filter(
    (row) => matchBackfill(row, input.rule).kind === "unknown_date",
  );
  if (undated.length > 0) {
    log.warn(
      { backfillId: input.backfill.id, placementIds: undated.map((r) => r.id) },
      "placements without a creation date were left out of the backfill",
    );
  }

  return db.transaction(async (tx) => {
    const moved = await tx
      .update(backfills)
      .set({
        nextPage: input.page + 1,
        processed: sql`${backfills.processed} + ${matches.length}`,
        total: sql`greatest(${backfills.total}, ${backfills.processed} + ${matches.length})`,
      })
      .where(
        and(
          eq(backfills.id, input.backfill.id),
          eq(backfills.nextPage, input.page),
          eq(backfills.status, "running"),
        ),
      )
      .returning({ id: backfills.id });
    if (moved.length === 0) return null;
    if (matches.length === 0) return { pulled: [] };

    const { mapping } = input;
    const inserted = await tx
      .insert(screenings)
      .values(
        matches.map((row) => ({
          workspaceId: mapping.workspaceId,
          connectionId: mapping.connectionId!,
          mappingId: mapping.id,
          agentId: mapping.agentId,
          backfillId: input.backfill.id,
          source: "backfill" as const,
          trackerPlacementId: row.id,
          trackerJobId: row.jobId,
          trackerCandidateId: row.candidateId,
        })),
      )
      .onConflictDoNothing({
        target: [
          screenings.workspaceId,
          screenings.connectionId,
          screenings.trackerPlacementId,
          screenings.mappingId,
          screenings.rescreenNumber,
        ],
      })
      .returning({ id: screenings.id });
    const pulled = inserted.map((row) => ({ screeningId: row.id }));
    await recordPulledEvents(tx, pulled, "pulled by a backfill");
    return { pulled: pulled.map((row) => row.screeningId) };
  });
}

export async function completeBackfill(db: Db, backfillId: string) {
  await db
    .update(backfills)
    .set({
      status: "completed",
      finishedAt: sql`now()`,
      total: sql`${backfills.processed}`,
    })
    .where(and(eq(backfills.id, backfillId), eq(backfills.status, "running")));
}

export async function failAfterRepeatedErrors(
  db: Db,
  backfillId: string,
  reason: string,
) {
  const recent = await db
    .select({ status: syncRuns.status })
    .from(syncRuns)
    .where(eq(syncRuns.backfillId, backfillId))
    .orderBy(desc(syncRuns.startedAt))
    .limit(MAX_FAILED_SLICES);
  const allFailed =
    recent.length === MAX_FAILED_SLICES &&
    recent.every((run) => run.status === "failed");
  if (!allFailed) return;

  await db
    .update(backfills)
    .set({ status: "failed", error: reason, finishedAt: sql`now()` })
    .where(
      and(
        eq(backfills.id, backfillId),
        inArray(backfills.status, ["queued", "running"]),
      ),
    );
  log.error(
    { backfillId, slices: MAX_FAILED_SLICES },
    "backfill marked failed after repeated slice failures",
  );
}
