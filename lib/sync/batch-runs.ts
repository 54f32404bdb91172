import type { Db } from "@/db";
import type { SyncRunKind } from "@/db/schema";

import {
  addCounts,
  EMPTY_COUNTS,
  finishRun,
  startRun,
  type RunCounts,
  type RunScope,
} from "./sync-runs";

/**
 * One sync_runs row per workspace and connection for a batch of small jobs
 * (intake, write-back) in one invocation. The row is inserted when the
 * first job of its workspace has run and completed by `finish`. It is
 * dated from the batch's creation, because the run page finds the
 * candidates a run touched by their event times, and the first job's
 * events come before the insert.
 */
export class BatchRuns {
  private readonly runs = new Map<
    string,
    { runId: Promise<string>; counts: RunCounts; errors: string[] }
  >();

  private readonly startedAt = new Date();

  constructor(
    private readonly db: Db,
    private readonly kind: SyncRunKind,
  ) {}

  async record(
    scope: RunScope,
    counts: Partial<RunCounts>,
    error?: string,
  ): Promise<void> {
    const key = `${scope.workspaceId}/${scope.connectionId ?? ""}`;
    let entry = this.runs.get(key);
    if (!entry) {
      entry = {
        runId: startRun(this.db, this.kind, scope, this.startedAt),
        counts: { ...EMPTY_COUNTS },
        errors: [],
      };
      this.runs.set(key, entry);
    }
    await entry.runId;
    addCounts(entry.counts, counts);
    if (error && entry.errors.length < 5) entry.errors.push(error);
  }

  async finish(): Promise<void> {
    for (const entry of this.runs.values()) {
      const { counts, errors } = entry;
      const done = counts.screeningsDispatched + counts.resultsWrittenBack;
      await finishRun(this.db, await entry.runId, {
        status: batchStatus(counts.failures, done),
        counts,
        error: errors.length > 0 ? errors.join("\n") : null,
      });
    }
    this.runs.clear();
  }
}

/** A batch with any failure is not "succeeded": some done is "partial". */
function batchStatus(failures: number, done: number) {
  if (failures === 0) return "succeeded";
  return done === 0 ? "failed" : "partial";
}
