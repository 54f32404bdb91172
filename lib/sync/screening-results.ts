import { eq, inArray, sql } from "drizzle-orm";

import { getDb } from "@/db";
import {
  backfills,
  screenings,
  writeBacks,
  type ScreeningState,
} from "@/db/schema";
import type { ScreeningResult } from "@/lib/screening/result";
import { enqueueMany, QUEUES } from "@/lib/queue/boss";
import { getLogger } from "@/lib/logger";

import type { DbOrTx } from "./db-types";
import { advanceScreening, advanceScreenings } from "./screening-state";

const log = getLogger("sync.results");

/** Returns the screening state a workflow result ends in. */
export function finalStateOf(result: ScreeningResult): ScreeningState {
  switch (result.status) {
    case "knocked_out":
      return "knocked_out";
    case "expired":
    case "no_response":
      return "expired";
    // "no_resume_text" is a result too: the report explains why there is
    // no score, and the recruiter reads that in Tracker.
    default:
      return "completed";
  }
}

/**
 * Stores a workflow's final result and queues its write-back to Tracker,
 * in one transaction. Returns false when the screening already had a final
 * state, so a repeated report changes nothing.
 */
export async function recordScreeningResult(
  screeningId: string,
  result: ScreeningResult,
  db?: DbOrTx,
): Promise<boolean> {
  const [moved] = await recordScreeningResults([{ screeningId, result }], db);
  return moved ?? false;
}

export type FinalResult = {
  screeningId: string;
  result: ScreeningResult;
};

/**
 * Stores final results with their write-back rows in one transaction, then
 * enqueues the write-back jobs. Returns whether each screening moved, since
 * a screening that is already final stays as it was.
 */
export async function recordScreeningResults(
  results: readonly FinalResult[],
  db?: DbOrTx,
): Promise<boolean[]> {
  if (results.length === 0) return [];
  const target = db ?? (await getDb());
  const moved = await target.transaction(async (tx) => {
    const previous = await advanceScreenings(
      tx,
      results.map(({ screeningId, result }) => ({
        screeningId,
        to: finalStateOf(result),
        detail: result.summary.slice(0, 500),
        set: {
          score: result.overallScore,
          summary: result.summary,
          result: result as unknown as Record<string, unknown>,
          completedAt: result.completedAt
            ? new Date(result.completedAt)
            : new Date(),
        },
      })),
    );
    const movedIds = results
      .filter((_, index) => previous[index] !== null)
      .map((entry) => entry.screeningId);
    await queueWriteBacks(tx, movedIds);
    return previous.map((state) => state !== null);
  });
  await enqueueWriteBacks(
    results.filter((_, index) => moved[index]).map((r) => r.screeningId),
  );
  return moved;
}

/**
 * Marks a screening failed. Failures are shown in the app and not written
 * to Tracker: most are our side's (a missing workflow runner, Tracker
 * unreachable for hours), and an admin can retry them.
 */
export async function recordScreeningFailure(
  db: DbOrTx,
  screeningId: string,
  reason: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const previous = await advanceScreening(tx, screeningId, "failed", {
      detail: reason,
      set: { failureReason: reason, completedAt: new Date() },
    });
    if (previous === null) return false;

    // A failed backfill candidate counts in the backfill's progress.
    const [row] = await tx
      .select({ backfillId: screenings.backfillId })
      .from(screenings)
      .where(eq(screenings.id, screeningId));
    if (row?.backfillId) {
      await tx
        .update(backfills)
        .set({ failed: sql`${backfills.failed} + 1` })
        .where(eq(backfills.id, row.backfillId));
    }
    return true;
  });
}

async function queueWriteBacks(tx: DbOrTx, screeningIds: string[]) {
  if (screeningIds.length === 0) return;
  const rows = await tx
    .select({
      screeningId: screenings.id,
      workspaceId: screenings.workspaceId,
      connectionId: screenings.connectionId,
    })
    .from(screenings)
    .where(inArray(screenings.id, screeningIds));
  if (rows.length === 0) return;
  await tx.insert(writeBacks).values(rows).onConflictDoNothing();
}

async function enqueueWriteBacks(screeningIds: string[]) {
  if (screeningIds.length === 0) return;
  try {
    await enqueueMany(
      QUEUES.writeBack,
      screeningIds.map((screeningId) => ({
        payload: { screeningId },
        singletonKey: screeningId,
      })),
    );
  } catch (error) {
    log.warn(
      { err: error, screeningIds },
      "could not enqueue the write-backs; the next sweep enqueues them",
    );
  }
}
