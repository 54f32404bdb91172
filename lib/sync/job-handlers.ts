import { enqueue, QUEUES } from "@/lib/queue/boss";
import type { JobContext, QueueHandlers } from "@/lib/queue/drain";

import { runBackfillSlice } from "./backfill";
import type { BatchRuns } from "./batch-runs";
import { intakeScreening } from "./intake";
import { pollConnection } from "./poll-connection";
import { writeBackScreening } from "./write-back";

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

/** Handler for the intake queue. */
export function createIntakeHandlers(intakeRuns: BatchRuns): QueueHandlers {
  return {
    [QUEUES.screenCandidate]: async ({ screeningId }, context) => {
      const result = await intakeScreening(screeningId, {
        deadline: context.deadline,
        signal: context.signal,
      });
      if (!result.scope) return;
      await intakeRuns.record(
        result.scope,
        {
          screeningsDispatched: result.status === "dispatched" ? 1 : 0,
          failures:
            result.status === "failed" || result.status === "retry" ? 1 : 0,
          trackerRequests: result.trackerRequests,
        },
        result.reason,
      );
    },
  };
}

/** Handler for the write-back queue. */
export function createWriteBackHandlers(
  writeBackRuns: BatchRuns,
): QueueHandlers {
  return {
    [QUEUES.writeBack]: async ({ screeningId }, context) => {
      const result = await writeBackScreening(screeningId, {
        deadline: context.deadline,
        signal: context.signal,
      });
      if (!result.scope) return;
      await writeBackRuns.record(
        result.scope,
        {
          resultsWrittenBack: result.status === "succeeded" ? 1 : 0,
          failures:
            result.status === "failed" || result.status === "retry" ? 1 : 0,
          trackerRequests: result.trackerRequests,
        },
        result.reason,
      );
    },
  };
}
