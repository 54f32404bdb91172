/**
 * Decides, for one page of placements, which stored statuses change and
 * which candidates are pulled. Pure, so the rules are tested without
 * Tracker or a database.
 *
 * A placement is pulled for a mapping when it is in the mapping's trigger
 * stage now and was not at the previous poll, or when it is new (no stored
 * status) and already in the stage. Mappings still recording their
 * baseline pull no candidate. Only the status comparison decides:
 * Tracker's timestamps and our clock play no part.
 */

export type PlacementRow = {
  id: number;
  jobId: number;
  candidateId: number;
  statusId: number;
};

export type MappingRule = {
  id: string;
  workspaceId: string;
  agentId: string;
  trackerJobId: number;
  triggerStatusId: number;
  /** False until a full crawl has recorded where the job's placements are. */
  baselineRecorded: boolean;
};

export type StoredPlacement = { statusId: number; jobId: number };

export type PlacementPull = {
  mapping: MappingRule;
  placement: PlacementRow;
};

export type PageDecision = {
  /** Placements on mapped jobs whose stored row is missing or different. */
  changedStates: PlacementRow[];
  pulls: PlacementPull[];
  /** Rows on mapped jobs, per mapping id. */
  scannedByMapping: Map<string, number>;
};

export function decidePage(
  rows: readonly PlacementRow[],
  mappings: readonly MappingRule[],
  stored: ReadonlyMap<number, StoredPlacement>,
): PageDecision {
  const mappingsByJob = new Map<number, MappingRule[]>();
  for (const mapping of mappings) {
    const list = mappingsByJob.get(mapping.trackerJobId) ?? [];
    list.push(mapping);
    mappingsByJob.set(mapping.trackerJobId, list);
  }

  const changedStates: PlacementRow[] = [];
  const pulls: PlacementPull[] = [];
  const scannedByMapping = new Map<string, number>();
  // A placement can appear twice in one crawl when rows shift between
  // pages; the first sighting on this page wins.
  const seen = new Set<number>();

  for (const row of rows) {
    const jobMappings = mappingsByJob.get(row.jobId);
    if (!jobMappings || seen.has(row.id)) continue;
    seen.add(row.id);

    const previous = stored.get(row.id);
    for (const mapping of jobMappings) {
      scannedByMapping.set(
        mapping.id,
        (scannedByMapping.get(mapping.id) ?? 0) + 1,
      );
      if (!mapping.baselineRecorded) continue;

      const inStageNow = row.statusId === mapping.triggerStatusId;
      const inStageBefore =
        previous !== undefined &&
        previous.jobId === row.jobId &&
        previous.statusId === mapping.triggerStatusId;
      if (inStageNow && !inStageBefore) pulls.push({ mapping, placement: row });
    }

    if (
      previous === undefined ||
      previous.statusId !== row.statusId ||
      previous.jobId !== row.jobId
    ) {
      changedStates.push(row);
    }
  }

  return { changedStates, pulls, scannedByMapping };
}
