import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";

import { getDb } from "@/db";
import { trackerConnections, type MappingRunCounts } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { enqueueMany, QUEUES } from "@/lib/queue/boss";

import { isAuthError, markNeedsToken } from "./connection-health";
import {
  acquireCrawlLease,
  completeCrawl,
  releaseCrawlLease,
} from "./crawl-cursor";
import { commitPollPage, loadMappingRules } from "./page-commit";
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

const log = getLogger("sync.poll");

export type PollOptions = {
  /** Epoch ms after which no new page is read; the crawl resumes later. */
  deadline?: number;
  /** Aborts the poll; pages already stored stay stored. */
  signal?: AbortSignal;
  /** Called after each page is committed, with its 1-based number. */
  onPageCommitted?: (page: number) => void | Promise<void>;
};

export type PollResult = {
  status: "succeeded" | "partial" | "failed" | "skipped";
  runId: string | null;
  crawlCompleted: boolean;
  pulledScreeningIds: string[];
  reason?: string;
};

/**
 * Polls one connection: reads its placements from where the last crawl
 * stopped, one page per transaction, and pulls every candidate whose
 * placement on a mapped job entered the trigger stage. One crawl serves
 * all the connection's mappings. When the crawl reaches its end, mappings
 * that were waiting for their first full crawl get their baseline.
 */
export async function pollConnection(
  connectionId: string,
  options: PollOptions = {},
): Promise<PollResult> {
  const db = await getDb();
  const [connection] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.id, connectionId));
  if (!connection) return skipped("connection not found");
  if (connection.status !== "connected") {
    return skipped(`connection status is ${connection.status}`);
  }
  const mappings = await loadMappingRules(db, connectionId);
  if (mappings.length === 0) return skipped("no active job mappings");

  const owner = randomUUID();
  const cursor = await acquireCrawlLease(db, connectionId, owner);
  if (!cursor) return skipped("another poll of this connection is running");

  const runId = await startRun(db, "poll", {
    workspaceId: connection.workspaceId,
    connectionId,
  });
  const counts: RunCounts = { ...EMPTY_COUNTS };
  const mappingCounts: Record<string, MappingRunCounts> = {};
  const pulledScreeningIds: string[] = [];
  const context = { connectionId, runId, startPage: cursor.nextPage };
  log.info(context, "poll started");

  const signal = deadlineSignal(options.deadline, options.signal);
  const client = await openTrackerClient(db, connection, {
    signal,
    ...CRAWL_BUDGET,
  });
  let page = cursor.nextPage;
  let crawlCompleted = false;
  try {
    let reachedEnd = false;
    for await (const batch of client.crawlPlacements({
      startPage: page,
      signal,
    })) {
      signal?.throwIfAborted();
      const outcome = await commitPollPage(db, {
        connectionId,
        leaseOwner: owner,
        page,
        rows: batch.rows,
      });
      counts.pagesRead += 1;
      counts.placementsScanned += batch.rows.length;
      counts.candidatesPulled += outcome.pulled.length;
      counts.failures += batch.skipped.length;
      tallyMappings(mappingCounts, mappings, outcome);
      pulledScreeningIds.push(...outcome.pulled.map((p) => p.screeningId));
      await enqueueIntake(outcome.pulled.map((p) => p.screeningId));
      await options.onPageCommitted?.(page);
      page += 1;

      if (batch.isLastPage) {
        reachedEnd = true;
        break;
      }
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        break;
      }
    }

    // The client also ends a crawl early when Tracker repeats a page. Such
    // a crawl has not seen every placement, so it must not record
    // baselines; the next poll carries on from the unread page.
    if (reachedEnd) {
      const baselined = await completeCrawl(db, connectionId, owner, page);
      for (const id of baselined) {
        mappingCounts[id] = { ...emptyMappingCounts(), ...mappingCounts[id] };
        mappingCounts[id].baselineOnly = true;
      }
      crawlCompleted = true;
    }

    const status = crawlCompleted ? "succeeded" : "partial";
    counts.trackerRequests = client.requestCount;
    await finishRun(db, runId, { status, counts, mappingCounts });
    log.info({ ...context, ...counts, crawlCompleted }, "poll finished");
    return { status, runId, crawlCompleted, pulledScreeningIds };
  } catch (error) {
    counts.trackerRequests = client.requestCount;
    if (isStopRequested(error, signal)) {
      await finishRun(db, runId, { status: "partial", counts, mappingCounts });
      log.info(
        { ...context, ...counts },
        "poll stopped at its deadline or on request",
      );
      return { status: "partial", runId, crawlCompleted, pulledScreeningIds };
    }
    if (isAuthError(error)) await markNeedsToken(db, connectionId, error);
    counts.failures += 1;
    const message = describeError(error);
    await finishRun(db, runId, {
      status: "failed",
      counts,
      mappingCounts,
      error: message,
    });
    log.error({ ...context, page, err: error }, "poll failed");
    return {
      status: "failed",
      runId,
      crawlCompleted: false,
      pulledScreeningIds,
      reason: message,
    };
  } finally {
    await client.close();
    await releaseCrawlLease(db, connectionId, owner);
  }

  function skipped(reason: string): PollResult {
    log.debug({ connectionId, reason }, "poll skipped");
    return {
      status: "skipped",
      runId: null,
      crawlCompleted: false,
      pulledScreeningIds: [],
      reason,
    };
  }
}

function emptyMappingCounts(): MappingRunCounts {
  return { placementsScanned: 0, candidatesPulled: 0, baselineOnly: false };
}

function tallyMappings(
  totals: Record<string, MappingRunCounts>,
  mappings: { id: string; baselineRecorded: boolean }[],
  outcome: Awaited<ReturnType<typeof commitPollPage>>,
) {
  for (const [mappingId, scanned] of outcome.scannedByMapping) {
    const entry = (totals[mappingId] ??= emptyMappingCounts());
    entry.placementsScanned += scanned;
    const mapping = mappings.find((m) => m.id === mappingId);
    if (mapping && !mapping.baselineRecorded) entry.baselineOnly = true;
  }
  for (const pull of outcome.pulled) {
    const entry = (totals[pull.mappingId] ??= emptyMappingCounts());
    entry.candidatesPulled += 1;
  }
}

/**
 * Enqueues intake for new screenings. A failure here does not fail the
 * poll, because the screenings are committed and the cron's sweep of
 * pulled screenings enqueues them again.
 */
async function enqueueIntake(screeningIds: string[]) {
  try {
    await enqueueMany(
      QUEUES.screenCandidate,
      screeningIds.map((screeningId) => ({
        payload: { screeningId },
        singletonKey: screeningId,
      })),
    );
  } catch (error) {
    log.warn(
      { err: error, count: screeningIds.length },
      "could not enqueue intake; the next sweep enqueues it",
    );
  }
}
