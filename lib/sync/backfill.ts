import { and, desc, eq, inArray, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import {
  backfills,
  jobMappings,
  screenings,
  syncRuns,
  trackerConnections,
  type Backfill,
  type JobMapping,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { enqueueMany, QUEUES } from "@/lib/queue/boss";
import type { TrackerPlacement } from "@/lib/tracker";

import {
  backfillCutoff,
  matchBackfill,
  type BackfillRule,
} from "./backfill-filter";
import { isAuthError, markNeedsToken } from "./connection-health";
import { recordPulledEvents } from "./page-commit";
import {
  describeError,
  EMPTY_COUNTS,
  finishRun,
  startRun,
  type RunCounts,
} from "./sync-runs";
import {
  deadlineSignal,
  isDeadlineReached,
  openTrackerClient,
} from "./tracker-client";

const log = getLogger("sync.backfill");

// A backfill whose last this-many slices all failed (for reasons other
// than a rejected token) is marked failed, so it stops using the budget.
export const MAX_FAILED_SLICES = 5;

export type SliceResult = {
  status: "completed" | "partial" | "cancelled" | "failed" | "skipped";
  runId: string | null;
  reason?: string;
};

/**
 * Runs one slice of a backfill: reads placement pages from next_page until
 * the crawl ends or the deadline, pulling matching placements. Each page
 * commits its screenings, counts and next_page together, so a crash
 * resumes after the last finished page, and a cancel takes effect at the
 * next page.
 */
export async function runBackfillSlice(
  backfillId: string,
  options: {
    deadline?: number;
    signal?: AbortSignal;
    /** Called after each page is committed, with its 1-based number. */
    onPageCommitted?: (page: number) => void | Promise<void>;
  } = {},
): Promise<SliceResult> {
  const db = await getDb();
  const loaded = await loadBackfill(db, backfillId);
  if ("skip" in loaded) {
    log.debug({ backfillId, reason: loaded.skip }, "backfill slice skipped");
    return { status: "skipped", runId: null, reason: loaded.skip };
  }
  const { backfill, mapping, connection } = loaded;

  const runId = await startRun(db, "backfill", {
    workspaceId: backfill.workspaceId,
    connectionId: connection.id,
    mappingId: mapping.id,
    backfillId,
  });
  const counts: RunCounts = { ...EMPTY_COUNTS };
  const rule: BackfillRule = {
    trackerJobId: mapping.trackerJobId,
    stageFilterId: backfill.stageFilterId,
    createdUpToLocal: backfillCutoff(
      backfill.upToDate,
      mapping.createdAt,
      connection.timeZone,
    ),
  };
  const context = { backfillId, runId, startPage: backfill.nextPage };
  log.info(context, "backfill slice started");

  const signal = deadlineSignal(options.deadline, options.signal);
  const client = await openTrackerClient(db, connection, { signal });
  let page = backfill.nextPage;
  try {
    // "completed" only once the last page is stored: the client also ends
    // a crawl early when Tracker repeats a page.
    let outcome: SliceResult["status"] = "partial";
    for await (const batch of client.crawlPlacements({
      startPage: page,
      signal,
    })) {
      signal?.throwIfAborted();
      const stored = await commitBackfillPage(db, {
        backfill,
        mapping,
        page,
        rows: batch.rows,
        rule,
      });
      if (stored === null) {
        outcome = "cancelled";
        break;
      }
      counts.pagesRead += 1;
      counts.placementsScanned += batch.rows.length;
      counts.candidatesPulled += stored.pulled.length;
      counts.failures += batch.skipped.length;
      await enqueueMany(
        QUEUES.screenCandidate,
        stored.pulled.map((screeningId) => ({
          payload: { screeningId },
          singletonKey: screeningId,
        })),
      ).catch((error: unknown) =>
        log.warn({ err: error, backfillId }, "intake enqueue failed"),
      );
      await options.onPageCommitted?.(page);
      page += 1;

      if (batch.isLastPage) {
        outcome = "completed";
        break;
      }
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        break;
      }
    }

    if (outcome === "completed") await completeBackfill(db, backfillId);
    counts.trackerRequests = client.requestCount;
    await finishRun(db, runId, {
      status: outcome === "completed" ? "succeeded" : "partial",
      counts,
      error: outcome === "cancelled" ? "Backfill was cancelled." : null,
    });
    log.info({ ...context, ...counts, outcome }, "backfill slice finished");
    return { status: outcome, runId };
  } catch (error) {
    const reason = describeError(error);
    counts.trackerRequests = client.requestCount;
    if (isDeadlineReached(error)) {
      await finishRun(db, runId, { status: "partial", counts });
      log.info(
        { ...context, ...counts },
        "backfill slice stopped at the deadline",
      );
      return { status: "partial", runId };
    }
    counts.failures += 1;
    await finishRun(db, runId, { status: "failed", counts, error: reason });
    log.error({ ...context, page, err: error }, "backfill slice failed");
    if (isAuthError(error)) {
      await markNeedsToken(db, connection.id, error);
    } else {
      await failAfterRepeatedErrors(db, backfillId, reason);
    }
    return { status: "failed", runId, reason };
  }
}

async function loadBackfill(db: Db, backfillId: string) {
  const [row] = await db
    .select({ backfill: backfills, mapping: jobMappings })
    .from(backfills)
    .innerJoin(jobMappings, eq(jobMappings.id, backfills.mappingId))
    .where(eq(backfills.id, backfillId));
  if (!row) return { skip: "backfill not found" } as const;
  const { backfill, mapping } = row;
  if (backfill.status !== "queued" && backfill.status !== "running") {
    return { skip: `backfill is ${backfill.status}` } as const;
  }
  if (mapping.status !== "active" || !mapping.connectionId) {
    return { skip: "mapping is removed or has no connection" } as const;
  }
  const [connection] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.id, mapping.connectionId));
  if (connection?.status !== "connected") {
    return { skip: "connection is not connected" } as const;
  }

  if (backfill.status === "queued") {
    await db
      .update(backfills)
      .set({ status: "running", startedAt: sql`now()` })
      .where(and(eq(backfills.id, backfillId), eq(backfills.status, "queued")));
  }
  return { backfill, mapping, connection };
}

/**
 * Stores one page of a backfill. Returns null, storing nothing, when the
 * backfill is no longer running at this page (cancelled, or another slice
 * stored the page first).
 */
async function commitBackfillPage(
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

async function completeBackfill(db: Db, backfillId: string) {
  await db
    .update(backfills)
    .set({
      status: "completed",
      finishedAt: sql`now()`,
      total: sql`${backfills.processed}`,
    })
    .where(and(eq(backfills.id, backfillId), eq(backfills.status, "running")));
}

async function failAfterRepeatedErrors(
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
