import { and, eq, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import { backfills, jobMappings, trackerConnections } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { enqueueMany, QUEUES } from "@/lib/queue/boss";

import { backfillCutoff, type BackfillRule } from "./backfill-filter";
import {
  commitBackfillPage,
  completeBackfill,
  failAfterRepeatedErrors,
} from "./backfill-store";
import { isAuthError, markNeedsToken } from "./connection-health";
import {
  describeError,
  EMPTY_COUNTS,
  finishRun,
  startRun,
  type RunCounts,
} from "./sync-runs";
import {
  deadlineSignal,
  isStopRequested,
  CRAWL_BUDGET,
  openTrackerClient,
} from "./tracker-client";

const log = getLogger("sync.backfill");

export { MAX_FAILED_SLICES } from "./backfill-store";

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
  const client = await openTrackerClient(db, connection, {
    signal,
    ...CRAWL_BUDGET,
  });
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
    if (isStopRequested(error, signal)) {
      await finishRun(db, runId, { status: "partial", counts });
      log.info(
        { ...context, ...counts },
        "backfill slice stopped at its deadline or on request",
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
  } finally {
    await client.close();
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
