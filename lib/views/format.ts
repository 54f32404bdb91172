import type { ScreeningState, SyncRunKind, SyncRunStatus } from "@/db/schema";

/**
 * Labels and formats shared by the server pages and the client tables.
 * Times are formatted in an explicit zone so server and browser render the
 * same text and hydration never differs.
 */

export const RUN_KIND_LABELS: Record<SyncRunKind, string> = {
  poll: "Poll",
  backfill: "Backfill",
  intake: "Screening intake",
  write_back: "Write-back",
};

export const RUN_STATUS_LABELS: Record<SyncRunStatus, string> = {
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partial",
  failed: "Failed",
  skipped: "Skipped",
};

export const SCREENING_STATE_LABELS: Record<ScreeningState, string> = {
  pulled: "Pulled",
  invited: "Invited",
  in_progress: "In progress",
  completed: "Completed",
  knocked_out: "Knocked out",
  expired: "Expired",
  failed: "Failed",
  written_back: "Written back",
};

export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(iso));
}

export function formatDay(day: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
  }).format(new Date(`${day}T00:00:00Z`));
}

/** Formats a duration as "850 ms", "42 s", "3 min 5 s" or "2 h 4 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
