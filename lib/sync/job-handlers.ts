import { enqueue, QUEUES } from "@/lib/queue/boss";
import type {
  BatchHandler,
  JobContext,
  QueueHandlers,
} from "@/lib/queue/drain";

import { runBackfillSlice } from "./backfill";
import type { BatchOptions } from "./batch";
import type { BatchRuns } from "./batch-runs";
import { intakeScreenings } from "./intake";
import { pollConnection } from "./poll-connection";
import type { RunScope } from "./sync-runs";
import { writeBackScreenings } from "./write-back";

/**
 * Maximum time a single poll or backfill job runs before it re-enqueues itself
 * and lets other connections and queues have a turn in the same drain.
 */
export const CRAWL_JOB_SLICE_MS = 20_000;

function sliceDeadline(context: JobContext): number {
  return Math.min(context.deadline, Date.now() + CRAWL_JOB_SLICE_MS);
}

/** Handlers for the poll and backfill queues. */
export function createCrawlHandlers(): QueueHandlers {
  return {
    [QUEUES.pollConnection]: async ({ connectionId }, context) => {
      const result = await pollConnection(connectionId, {
        deadline: sliceDeadline(context),
        signal: context.signal,
      });
      // An unfinished crawl continues in this drain or the next one.
      if (result.status === "partial") {
        await enqueue(QUEUES.pollConnection, { connectionId }, connectionId);
      }
    },
    [QUEUES.backfillSlice]: async ({ backfillId }, context) => {
      const result = await runBackfillSlice(backfillId, {
        deadline: sliceDeadline(context),
        signal: context.signal,
      });
      if (result.status === "partial") {
        await enqueue(QUEUES.backfillSlice, { backfillId }, backfillId);
      }
    },
  };
}

/**
 * Jobs one intake or write-back handler takes at once. The batch shares
 * its database statements, and past the deadline the candidates not yet
 * started go back, so a large batch cannot outlast the invocation.
 */
export const CANDIDATE_BATCH_SIZE = 20;

type CandidateResult = {
  status: string;
  trackerRequests: number;
  reason?: string;
  scope?: RunScope;
};

/**
 * Builds a batch handler that runs `work` on the jobs' screening ids and
 * adds each result to its run: `done` counts the results with `doneStatus`,
 * and failures count the failed and retried ones.
 */
function candidateBatchHandler(
  runs: BatchRuns,
  work: (
    ids: string[],
    options: BatchOptions,
  ) => Promise<readonly CandidateResult[]>,
  done: "screeningsDispatched" | "resultsWrittenBack",
  doneStatus: string,
): BatchHandler<{ screeningId: string }> {
  return {
    batchSize: CANDIDATE_BATCH_SIZE,
    handle: async (payloads, context) => {
      const results = await work(
        payloads.map((payload) => payload.screeningId),
        { deadline: context.deadline, signal: context.signal },
      );
      for (const result of results) {
        if (!result.scope) continue;
        await runs.record(
          result.scope,
          {
            [done]: result.status === doneStatus ? 1 : 0,
            failures:
              result.status === "failed" || result.status === "retry" ? 1 : 0,
            trackerRequests: result.trackerRequests,
          },
          result.reason,
        );
      }
    },
  };
}

/** Handler for the intake queue. */
export function createIntakeHandlers(intakeRuns: BatchRuns): QueueHandlers {
  return {
    [QUEUES.screenCandidate]: candidateBatchHandler(
      intakeRuns,
      intakeScreenings,
      "screeningsDispatched",
      "dispatched",
    ),
  };
}

/** Handler for the write-back queue. */
export function createWriteBackHandlers(
  writeBackRuns: BatchRuns,
): QueueHandlers {
  return {
    [QUEUES.writeBack]: candidateBatchHandler(
      writeBackRuns,
      writeBackScreenings,
      "resultsWrittenBack",
      "succeeded",
    ),
  };
}
