import {
  and,
  eq,
  gte,
  inArray,
  isNotNull,
  lte,
  ne,
  or,
  type SQL,
} from "drizzle-orm";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screeningEvents,
  screenings,
  syncRuns,
  writeBacks,
  type ScreeningState,
  type WriteBack,
} from "@/db/schema";

import { explainFailure, type FailureExplanation } from "./explain-failure";

/**
 * The candidates one sync run touched. sync_runs has no link to the
 * screenings it handled, so they are found by what each kind of run does
 * between the run's start and finish. A poll or backfill records the
 * "pulled" event and intake moves a screening out of "pulled". A
 * write-back batch records "written_back" or leaves an error on the
 * write-back row.
 * NOTE: a write-back retried by hand while a batch runs shows up in that
 * batch too; a run_id on screening_events would make this exact.
 */

export type RunCandidate = {
  screeningId: string;
  name: string;
  email: string | null;
  trackerCandidateId: number;
  agentName: string;
  jobTitle: string;
  state: ScreeningState;
  // Effect of this run on the screening: the state it moved to, or
  // "write_back_failed" when a write-back attempt in the run failed.
  outcome: ScreeningState | "write_back_failed";
  detail: string | null;
  at: string;
  writeBack: {
    status: WriteBack["status"];
    attempts: number;
    activityId: number | null;
    lastError: string | null;
  } | null;
  failure: (FailureExplanation & { message: string }) | null;
};

export const RUN_CANDIDATES_LIMIT = 500;

type RunWindow = {
  workspaceId: string;
  connectionId: string | null;
  backfillId: string | null;
  kind: (typeof syncRuns.$inferSelect)["kind"];
  startedAt: Date;
  finishedAt: Date | null;
};

function eventFilter(run: RunWindow): SQL | undefined {
  switch (run.kind) {
    case "poll":
      return and(
        eq(screeningEvents.toState, "pulled"),
        eq(screenings.source, "poll"),
      );
    case "backfill":
      return and(
        eq(screeningEvents.toState, "pulled"),
        run.backfillId
          ? eq(screenings.backfillId, run.backfillId)
          : eq(screenings.source, "backfill"),
      );
    case "intake":
      return eq(screeningEvents.fromState, "pulled");
    case "write_back":
      return eq(screeningEvents.toState, "written_back");
  }
}

/** Lists the candidates a run touched, oldest first, up to the limit. */
export async function listRunCandidates(
  db: Db,
  run: RunWindow,
): Promise<RunCandidate[]> {
  const windowEnd = run.finishedAt ?? new Date();
  const scope = [eq(screenings.workspaceId, run.workspaceId)];
  if (run.connectionId) {
    scope.push(eq(screenings.connectionId, run.connectionId));
  }

  const events = await db
    .select({
      screeningId: screeningEvents.screeningId,
      toState: screeningEvents.toState,
      detail: screeningEvents.detail,
      at: screeningEvents.createdAt,
    })
    .from(screeningEvents)
    .innerJoin(screenings, eq(screenings.id, screeningEvents.screeningId))
    .where(
      and(
        ...scope,
        eventFilter(run),
        gte(screeningEvents.createdAt, run.startedAt),
        lte(screeningEvents.createdAt, windowEnd),
      ),
    )
    .orderBy(screeningEvents.createdAt, screeningEvents.id)
    .limit(RUN_CANDIDATES_LIMIT);

  const failedWriteBacks =
    run.kind === "write_back"
      ? await db
          .select({
            screeningId: writeBacks.screeningId,
            at: writeBacks.updatedAt,
            lastError: writeBacks.lastError,
          })
          .from(writeBacks)
          .where(
            and(
              eq(writeBacks.workspaceId, run.workspaceId),
              ne(writeBacks.status, "succeeded"),
              isNotNull(writeBacks.lastError),
              // A retry moves updated_at on, but the attempt times stay
              // until the next attempt, so a retried failure still shows.
              or(
                and(
                  gte(writeBacks.updatedAt, run.startedAt),
                  lte(writeBacks.updatedAt, windowEnd),
                ),
                and(
                  gte(writeBacks.activityAttemptedAt, run.startedAt),
                  lte(writeBacks.activityAttemptedAt, windowEnd),
                ),
                and(
                  gte(writeBacks.documentAttemptedAt, run.startedAt),
                  lte(writeBacks.documentAttemptedAt, windowEnd),
                ),
              ),
            ),
          )
          .limit(RUN_CANDIDATES_LIMIT)
      : [];

  const touched = new Map<
    string,
    { outcome: RunCandidate["outcome"]; detail: string | null; at: Date }
  >();
  for (const event of events) {
    touched.set(event.screeningId, {
      outcome: event.toState,
      detail: event.detail,
      at: event.at,
    });
  }
  for (const failed of failedWriteBacks) {
    if (touched.has(failed.screeningId)) continue;
    touched.set(failed.screeningId, {
      outcome: "write_back_failed",
      detail: failed.lastError,
      at: failed.at,
    });
  }
  if (touched.size === 0) return [];

  const rows = await loadScreeningRows(db, run.workspaceId, [
    ...touched.keys(),
  ]);
  return rows
    .map((row) => {
      const entry = touched.get(row.screeningId)!;
      return toRunCandidate(row, entry);
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

async function loadScreeningRows(
  db: Db,
  workspaceId: string,
  screeningIds: string[],
) {
  return db
    .select({
      screeningId: screenings.id,
      state: screenings.state,
      failureReason: screenings.failureReason,
      trackerCandidateId: screenings.trackerCandidateId,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
      email: candidates.email,
      agentName: agents.name,
      jobTitle: jobMappings.jobTitle,
      writeBackStatus: writeBacks.status,
      writeBackAttempts: writeBacks.attempts,
      activityId: writeBacks.activityId,
      lastError: writeBacks.lastError,
    })
    .from(screenings)
    .innerJoin(agents, eq(agents.id, screenings.agentId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .leftJoin(writeBacks, eq(writeBacks.screeningId, screenings.id))
    .where(
      and(
        eq(screenings.workspaceId, workspaceId),
        inArray(screenings.id, screeningIds),
      ),
    );
}

type ScreeningRow = Awaited<ReturnType<typeof loadScreeningRows>>[number];

export function candidateName(row: {
  firstName: string | null;
  lastName: string | null;
  trackerCandidateId: number;
}): string {
  const name = [row.firstName, row.lastName].filter(Boolean).join(" ");
  return name || `Tracker candidate ${row.trackerCandidateId}`;
}

function toRunCandidate(
  row: ScreeningRow,
  entry: { outcome: RunCandidate["outcome"]; detail: string | null; at: Date },
): RunCandidate {
  const writeBack = row.writeBackStatus
    ? {
        status: row.writeBackStatus,
        attempts: row.writeBackAttempts ?? 0,
        activityId: row.activityId,
        lastError: row.lastError,
      }
    : null;
  const message =
    entry.outcome === "write_back_failed" || writeBack?.status === "failed"
      ? (writeBack?.lastError ?? entry.detail)
      : entry.outcome === "failed"
        ? (row.failureReason ?? entry.detail)
        : null;
  return {
    screeningId: row.screeningId,
    name: candidateName(row),
    email: row.email,
    trackerCandidateId: row.trackerCandidateId,
    agentName: row.agentName,
    jobTitle: row.jobTitle,
    state: row.state,
    outcome: entry.outcome,
    detail: entry.detail,
    at: entry.at.toISOString(),
    writeBack,
    failure: message ? { ...explainFailure(message), message } : null,
  };
}
