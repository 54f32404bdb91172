import type { RunScope } from "./sync-runs";
import { deadlineSignal } from "./tracker-client";

/** The drain's deadline and stop signal, passed to a batch of candidates. */
export type BatchOptions = { deadline?: number; signal?: AbortSignal };

/**
 * Tracks when a batch must stop starting items. Nothing starts once the
 * signal has aborted. Past the deadline the first item still starts, so
 * every batch makes progress, but no further one does.
 */
export class BatchStop {
  /** The caller's signal combined with the deadline's abort. */
  readonly signal: AbortSignal | undefined;
  private started = 0;

  constructor(private readonly options: BatchOptions) {
    this.signal = deadlineSignal(options.deadline, options.signal);
  }

  /** Counts one item as started. */
  start(): void {
    this.started += 1;
  }

  /** Returns true when no further item may start. */
  isOver(): boolean {
    if (this.signal?.aborted) return true;
    if (this.started === 0) return false;
    return (
      this.options.deadline !== undefined && Date.now() >= this.options.deadline
    );
  }
}

/** Groups items by a key, keeping their order within each group. */
export function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Returns the run a batch item counts toward: its workspace and connection. */
export function scopeOf(item: {
  workspaceId: string;
  connectionId: string;
}): RunScope {
  return { workspaceId: item.workspaceId, connectionId: item.connectionId };
}
