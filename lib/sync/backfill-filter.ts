import type { TrackerPlacement } from "@/lib/tracker";
import { utcToLocal } from "@/lib/tracker/local-time";

/**
 * Selection of the placements a backfill pulls: those on the mapped job, in the stage
 * filter when one is set, created on or before the cut-off. Tracker gives
 * creation times in its database's local zone, so the cut-off is compared
 * in that zone as "YYYY-MM-DD HH:MM:SS" text, which sorts like the time.
 */

export type BackfillRule = {
  trackerJobId: number;
  stageFilterId: number | null;
  /** Inclusive "YYYY-MM-DD HH:MM:SS" in the Tracker database's zone. */
  createdUpToLocal: string;
};

/**
 * Returns the cut-off: the whole of `upToDate` when set, else the moment the
 * mapping was created, both in the Tracker database's zone.
 */
export function backfillCutoff(
  upToDate: string | null,
  mappingCreatedAt: Date,
  timeZone: string,
): string {
  if (upToDate) return `${upToDate} 23:59:59`;
  return utcToLocal(mappingCreatedAt, timeZone);
}

/** "2026-01-05T09:30:00.000" and "2026-01-05 09:30" become comparable. */
export function normalizeLocal(local: string): string | null {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(
      local.trim(),
    );
  if (!match) return null;
  const [, date, hour = "00", minute = "00", second = "00"] = match;
  return `${date} ${hour}:${minute}:${second}`;
}

export type BackfillMatch =
  { kind: "match" } | { kind: "skip" } | { kind: "unknown_date" };

export function matchBackfill(
  row: Pick<TrackerPlacement, "jobId" | "statusId" | "createdLocal">,
  rule: BackfillRule,
): BackfillMatch {
  if (row.jobId !== rule.trackerJobId) return { kind: "skip" };
  if (rule.stageFilterId !== null && row.statusId !== rule.stageFilterId) {
    return { kind: "skip" };
  }
  const created = row.createdLocal ? normalizeLocal(row.createdLocal) : null;
  if (!created) return { kind: "unknown_date" };
  return created <= rule.createdUpToLocal
    ? { kind: "match" }
    : { kind: "skip" };
}
