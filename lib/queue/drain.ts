import type { Database } from "@/db";
import { getLogger } from "@/lib/logger";

import { getQueue, type QueueName, type QueuePayloads } from "./boss";

const log = getLogger("queue.drain");

const IDLE_POLL_MS = 500;

export type JobContext = {
  jobId: string;
  /** Epoch ms after which the handler must not start new work. */
  deadline: number;
  signal?: AbortSignal;
};

export type QueueHandlers = {
  [Name in QueueName]?: (
    payload: QueuePayloads[Name],
    context: JobContext,
  ) => Promise<void>;
};

export type DrainSummary = Record<
  string,
  { completed: number; failed: number }
>;

/**
 * Takes jobs from the given queues, one at a time and in turn, until every
 * queue is empty, the deadline passes or the signal aborts. pg-boss's fetch
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
      const [job] = await boss.fetch<QueuePayloads[typeof name]>(name, {
        batchSize: 1,
      });
      if (!job) continue;
      fetched += 1;

      const handler = handlers[name] as (
        payload: unknown,
        context: JobContext,
      ) => Promise<void>;
      const entry = summary[name] ?? { completed: 0, failed: 0 };
      try {
        await handler(job.data, {
          jobId: job.id,
          deadline: options.deadline,
          signal: options.signal,
        });
        await boss.complete(name, job.id);
        entry.completed += 1;
      } catch (error) {
        log.error({ queue: name, jobId: job.id, err: error }, "job failed");
        await boss.fail(name, job.id, { message: String(error) });
        entry.failed += 1;
      }
      summary[name] = entry;
    }
    if (fetched === 0) {
      if (!options.keepWaiting?.()) return summary;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }
}
