import { and, eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  jobMappings,
  placementStates,
  screeningEvents,
  screenings,
} from "@/db/schema";

import { advanceCursor } from "./crawl-cursor";
import {
  decidePage,
  type MappingRule,
  type PlacementRow,
  type StoredPlacement,
} from "./placement-diff";

export type PageOutcome = {
  /** Screenings this page created; existing ones are not repeated. */
  pulled: { screeningId: string; mappingId: string }[];
  scannedByMapping: Map<string, number>;
  mappedRows: number;
};

/** Active mappings of the connection, as the placement rules need them. */
export async function loadMappingRules(
  db: Pick<Db, "select">,
  connectionId: string,
): Promise<MappingRule[]> {
  const rows = await db
    .select({
      id: jobMappings.id,
      workspaceId: jobMappings.workspaceId,
      agentId: jobMappings.agentId,
      trackerJobId: jobMappings.trackerJobId,
      triggerStatusId: jobMappings.triggerStatusId,
      baselineRecordedAt: jobMappings.baselineRecordedAt,
    })
    .from(jobMappings)
    .where(
      and(
        eq(jobMappings.connectionId, connectionId),
        eq(jobMappings.status, "active"),
      ),
    );
  return rows.map((row) => ({
    ...row,
    baselineRecorded: row.baselineRecordedAt !== null,
  }));
}

/**
 * Stores one crawled page in one transaction: moves the cursor past it,
 * updates the placements' stored statuses and inserts a screening for each
 * pull. A failure anywhere rolls back all three, so the next poll reads
 * the page again with nothing half-stored.
 */
export async function commitPollPage(
  db: Db,
  input: {
    connectionId: string;
    leaseOwner: string;
    page: number;
    rows: readonly PlacementRow[];
  },
): Promise<PageOutcome> {
  return db.transaction(async (tx) => {
    // First, so the cursor row lock orders concurrent pollers.
    await advanceCursor(tx, input.connectionId, input.leaseOwner, input.page);

    const mappings = await loadMappingRules(tx, input.connectionId);
    const mappedJobs = new Set(mappings.map((m) => m.trackerJobId));
    const rows = input.rows.filter((row) => mappedJobs.has(row.jobId));
    if (rows.length === 0) {
      return { pulled: [], scannedByMapping: new Map(), mappedRows: 0 };
    }

    const storedRows = await tx
      .select({
        placementId: placementStates.placementId,
        statusId: placementStates.statusId,
        jobId: placementStates.jobId,
      })
      .from(placementStates)
      .where(
        and(
          eq(placementStates.connectionId, input.connectionId),
          inArray(
            placementStates.placementId,
            rows.map((row) => row.id),
          ),
        ),
      );
    const stored = new Map<number, StoredPlacement>(
      storedRows.map((row) => [row.placementId, row]),
    );

    const decision = decidePage(rows, mappings, stored);

    if (decision.changedStates.length > 0) {
      await tx
        .insert(placementStates)
        .values(
          decision.changedStates.map((row) => ({
            connectionId: input.connectionId,
            placementId: row.id,
            jobId: row.jobId,
            candidateId: row.candidateId,
            statusId: row.statusId,
          })),
        )
        .onConflictDoUpdate({
          target: [placementStates.connectionId, placementStates.placementId],
          set: {
            jobId: sql`excluded.job_id`,
            candidateId: sql`excluded.candidate_id`,
            statusId: sql`excluded.status_id`,
            updatedAt: sql`now()`,
          },
        });
    }

    let pulled: PageOutcome["pulled"] = [];
    if (decision.pulls.length > 0) {
      const inserted = await tx
        .insert(screenings)
        .values(
          decision.pulls.map(({ mapping, placement }) => ({
            workspaceId: mapping.workspaceId,
            connectionId: input.connectionId,
            mappingId: mapping.id,
            agentId: mapping.agentId,
            source: "poll" as const,
            trackerPlacementId: placement.id,
            trackerJobId: placement.jobId,
            trackerCandidateId: placement.candidateId,
          })),
        )
        .onConflictDoNothing({
          target: [
            screenings.workspaceId,
            screenings.connectionId,
            screenings.trackerPlacementId,
            screenings.mappingId,
            screenings.rescreenNumber,
          ],
        })
        .returning({ id: screenings.id, mappingId: screenings.mappingId });
      pulled = inserted.map((row) => ({
        screeningId: row.id,
        mappingId: row.mappingId,
      }));
      await recordPulledEvents(tx, pulled, "entered the trigger stage");
    }

    return {
      pulled,
      scannedByMapping: decision.scannedByMapping,
      mappedRows: rows.length,
    };
  });
}

export async function recordPulledEvents(
  tx: Pick<Db, "insert">,
  pulled: { screeningId: string }[],
  detail: string,
): Promise<void> {
  if (pulled.length === 0) return;
  await tx.insert(screeningEvents).values(
    pulled.map((row) => ({
      screeningId: row.screeningId,
      fromState: null,
      toState: "pulled" as const,
      detail,
    })),
  );
}
