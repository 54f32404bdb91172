import type { Database } from "@/db";
import { errorMessage, getLogger } from "@/lib/logger";

import { getQueue, type QueueName, type QueuePayloads } from "./boss";

const log = getLogger("queue.drain");

const IDLE_POLL_MS = 500;

export type JobContext = {
  jobId: string;
  /** Epoch ms after which the handler must not start new work. */
  deadline: number;
  signal?: AbortSignal;
};

/**
 * A handler that takes up to `batchSize` jobs of its queue at once, for
 * small jobs whose database work is cheaper done together. Throwing fails
 * every job of the batch.
 */
export type BatchHandler<Payload> = {
  batchSize: number;
  handle: (payloads: Payload[], context: BatchContext) => Promise<void>;
};

export type BatchContext = Omit<JobContext, "jobId"> & { jobIds: string[] };

export type QueueHandlers = {
  [Name in QueueName]?:
    | ((payload: QueuePayloads[Name], context: JobContext) => Promise<void>)
    | BatchHandler<QueuePayloads[Name]>;
};

export type DrainSummary = Record<
  string,
  { completed: number; failed: number }
>;

/**
 * Takes jobs from the given queues in turn (a batch at a time for a batch
 * handler, otherwise one) until every queue is empty, the deadline passes
 * or the signal aborts. pg-boss's fetch
 * uses SKIP LOCKED, so any number of drains can run at once without two
 * taking the same job. A handler that throws fails its job; pg-boss then
 * retries it according to the queue's retry settings.
 */
export async function drainQueues(
  handlers: QueueHandlers,
  options: {
    deadline: number;
    signal?: AbortSignal;
    database?: Database;
    /**
     * While this returns true, empty queues are polled again every
     * IDLE_POLL_MS instead of ending the drain, for jobs another lane of
     * the same invocation is still enqueuing.
     */
    keepWaiting?: () => boolean;
  },
): Promise<DrainSummary> {
  const boss = await getQueue(options.database);
  const names = Object.keys(handlers) as QueueName[];
  const summary: DrainSummary = Object.fromEntries(
    names.map((name) => [name, { completed: 0, failed: 0 }]),
  );

  for (;;) {
    let fetched = 0;
    for (const name of names) {
      if (Date.now() >= options.deadline || options.signal?.aborted) {
        return summary;
      }
      const handler = handlers[name]!;
      const batch = typeof handler === "function" ? null : handler;
      const jobs = await boss.fetch<QueuePayloads[typeof name]>(name, {
        batchSize: batch?.batchSize ?? 1,
      });
      if (jobs.length === 0) continue;
      fetched += jobs.length;

      const jobIds = jobs.map((job) => job.id);
      const context = { deadline: options.deadline, signal: options.signal };
      const entry = summary[name] ?? { completed: 0, failed: 0 };
      try {
        if (batch) {
          await (batch as BatchHandler<unknown>).handle(
            jobs.map((job) => job.data),
            { ...context, jobIds },
          );
        } else {
          await (
            handler as (payload: unknown, context: JobContext) => Promise<void>
          )(jobs[0]!.data, { ...context, jobId: jobIds[0]! });
        }
        await boss.complete(name, jobIds);
        entry.completed += jobs.length;
      } catch (error) {
        log.error({ queue: name, jobIds, err: error }, "job failed");
        for (const jobId of jobIds) {
          await boss.fail(name, jobId, { message: errorMessage(error) });
        }
        entry.failed += jobs.length;
      }
      summary[name] = entry;
    }
    if (fetched === 0) {
      if (!options.keepWaiting?.()) return summary;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }
}
