import { utcToLocal } from "@/lib/tracker/local-time";

/**
 * The rule for the placements a backfill brings in. The preview counts
 * with judgePlacement, and the sync engine should select rows with it too,
 * so the number an admin is shown matches the candidates pulled.
 */
export type BackfillCriteria = {
  trackerJobId: number;
  /** Only placements now in this stage; null means every stage. */
  stageFilterId: number | null;
  /**
   * Inclusive last creation day ("YYYY-MM-DD") in the Tracker database's
   * time zone; null means created before the mapping was.
   */
  upToDate: string | null;
  mappedAt: Date;
  timeZone: string;
};

export type PlacementFacts = {
  jobId: number;
  statusId: number;
  createdAt: Date | null;
};

export type Verdict = "included" | "excluded" | "undated";

/** Decides one row; "undated" rows lack a creation time and are left out. */
export function judgePlacement(
  row: PlacementFacts,
  criteria: BackfillCriteria,
): Verdict {
  if (row.jobId !== criteria.trackerJobId) return "excluded";
  if (
    criteria.stageFilterId !== null &&
    row.statusId !== criteria.stageFilterId
  ) {
    return "excluded";
  }
  if (!row.createdAt) return "undated";
  if (criteria.upToDate === null) {
    return row.createdAt.getTime() < criteria.mappedAt.getTime()
      ? "included"
      : "excluded";
  }
  const createdDay = utcToLocal(row.createdAt, criteria.timeZone).slice(0, 10);
  return createdDay <= criteria.upToDate ? "included" : "excluded";
}

/** Today's date ("YYYY-MM-DD") in the given IANA time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return utcToLocal(now, timeZone).slice(0, 10);
}
