import {
  backfillCutoff,
  matchBackfill,
  type BackfillRule,
} from "@/lib/sync/backfill-filter";
import { utcToLocal } from "@/lib/tracker/local-time";

/**
 * Builds the sync engine's own selection rule for a backfill, so the
 * preview counts exactly the placements the engine will pull.
 */
export function backfillRule(options: {
  trackerJobId: number;
  stageFilterId: number | null;
  upToDate: string | null;
  mappedAt: Date;
  timeZone: string;
}): BackfillRule {
  return {
    trackerJobId: options.trackerJobId,
    stageFilterId: options.stageFilterId,
    createdUpToLocal: backfillCutoff(
      options.upToDate,
      options.mappedAt,
      options.timeZone,
    ),
  };
}

export { matchBackfill };

/** Today's date ("YYYY-MM-DD") in the given IANA time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return utcToLocal(now, timeZone).slice(0, 10);
}
