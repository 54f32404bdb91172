import { and, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  healthProblems,
  jobMappings,
  syncRunKindEnum,
  syncRuns,
  trackerConnections,
  writeBacks,
  type HealthProblem,
  type ProblemKind,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";

/**
 * Connection problems. Some are derived from stored state on every check:
 * the connection's status, the latest runs and the write-backs. The sync
 * engine reports the others per mapping through recordMappingHealth.
 * Either way a problem closes by itself once the check no longer finds it.
 */

const log = getLogger("health.problems");

// A write-back that failed this many attempts counts as failing even while
// the engine still retries it, because each retry waits longer.
export const FAILING_WRITE_BACK_ATTEMPTS = 3;

const DERIVED_KINDS: ProblemKind[] = [
  "token_rejected",
  "rate_limited",
  "write_backs_failing",
];
const MAPPING_KINDS: ProblemKind[] = ["job_unavailable", "stage_deleted"];

export type DetectedProblem = {
  kind: ProblemKind;
  subject: string;
  detail: string;
};

const RATE_LIMIT_PATTERN = /rate limit|HTTP 429/i;

/**
 * Finds the problems that follow from stored state right now, without
 * writing anything, so pages can show them even between sync runs.
 */
export async function detectProblems(
  db: Db,
  workspaceId: string,
): Promise<DetectedProblem[]> {
  const problems: DetectedProblem[] = [];
  const [connection] = await db
    .select({
      id: trackerConnections.id,
      status: trackerConnections.status,
      statusReason: trackerConnections.statusReason,
    })
    .from(trackerConnections)
    .where(eq(trackerConnections.workspaceId, workspaceId));
  if (!connection) return problems;

  if (connection.status === "needs_token") {
    problems.push({
      kind: "token_rejected",
      subject: "",
      detail:
        connection.statusReason ?? "Tracker rejected the saved access token.",
    });
  }

  // The latest finished run of each kind decides: one clean run after a
  // rate-limited one closes the problem. One LIMIT 1 query per kind walks
  // the (workspace_id, started_at) index from the newest run, so the
  // check stays cheap however long the history is.
  const latestRuns = await Promise.all(
    syncRunKindEnum.enumValues.map(async (kind) => {
      const [run] = await db
        .select({ kind: syncRuns.kind, error: syncRuns.error })
        .from(syncRuns)
        .where(
          and(
            eq(syncRuns.workspaceId, workspaceId),
            eq(syncRuns.connectionId, connection.id),
            eq(syncRuns.kind, kind),
            inArray(syncRuns.status, ["succeeded", "partial", "failed"]),
          ),
        )
        .orderBy(sql`${syncRuns.startedAt} desc nulls last`)
        .limit(1);
      return run ?? { kind, error: null };
    }),
  );
  const limited = latestRuns.find((run) =>
    RATE_LIMIT_PATTERN.test(run.error ?? ""),
  );
  if (limited) {
    problems.push({
      kind: "rate_limited",
      subject: "",
      detail: limited.error!,
    });
  }

  const failing = await db
    .select({
      count: sql<number>`count(*)::int`,
      lastError: sql<
        string | null
      >`(array_agg(${writeBacks.lastError} order by ${writeBacks.updatedAt} desc))[1]`,
    })
    .from(writeBacks)
    .where(
      and(
        eq(writeBacks.workspaceId, workspaceId),
        or(
          eq(writeBacks.status, "failed"),
          and(
            inArray(writeBacks.status, ["pending", "running"]),
            gte(writeBacks.attempts, FAILING_WRITE_BACK_ATTEMPTS),
          ),
        ),
      ),
    );
  const failingCount = failing[0]?.count ?? 0;
  if (failingCount > 0) {
    const plural = failingCount === 1 ? "write-back is" : "write-backs are";
    problems.push({
      kind: "write_backs_failing",
      subject: "",
      detail:
        `${failingCount} ${plural} failing. Latest error: ` +
        (failing[0]?.lastError ?? "none recorded"),
    });
  }
  return problems;
}

export type MappingObservation = {
  mappingId: string;
  // What the engine found when it read the job from Tracker.
  job: "open" | "closed" | "missing";
  stageExists: boolean;
  // Job title or stage name as Tracker or the mapping stores it.
  detail?: string;
};

/**
 * Records what the sync engine found about mapped jobs: opens a job or
 * stage problem for each mapping that has one and closes it for each
 * mapping that is fine again. Mappings not in the list are left as they
 * are. Call evaluateProblems afterwards to send the alerts.
 */
export async function recordMappingHealth(
  db: Db,
  workspaceId: string,
  observations: MappingObservation[],
): Promise<void> {
  for (const observation of observations) {
    const jobProblem =
      observation.job === "open"
        ? null
        : `Tracker reports the job as ${observation.job}` +
          (observation.detail ? `: ${observation.detail}` : ".");
    const stageProblem = observation.stageExists
      ? null
      : "The trigger stage no longer exists in Tracker" +
        (observation.detail ? `: ${observation.detail}` : ".");
    await applyProblem(db, workspaceId, {
      kind: "job_unavailable",
      subject: observation.mappingId,
      detail: jobProblem,
    });
    await applyProblem(db, workspaceId, {
      kind: "stage_deleted",
      subject: observation.mappingId,
      detail: stageProblem,
    });
  }
}

async function applyProblem(
  db: Db,
  workspaceId: string,
  problem: { kind: ProblemKind; subject: string; detail: string | null },
) {
  if (problem.detail === null) {
    await resolveWhere(
      db,
      and(
        eq(healthProblems.workspaceId, workspaceId),
        eq(healthProblems.kind, problem.kind),
        eq(healthProblems.subject, problem.subject),
        isNull(healthProblems.resolvedAt),
      ),
    );
    return;
  }
  await openOrTouch(db, workspaceId, {
    kind: problem.kind,
    subject: problem.subject,
    detail: problem.detail,
  });
}

async function openOrTouch(
  db: Db,
  workspaceId: string,
  problem: DetectedProblem,
): Promise<void> {
  const inserted = await db
    .insert(healthProblems)
    .values({ workspaceId, ...problem })
    .onConflictDoNothing()
    .returning({ id: healthProblems.id });
  if (inserted[0]) {
    log.warn(
      { workspaceId, problemId: inserted[0].id, kind: problem.kind },
      "health problem opened",
    );
    return;
  }
  await db
    .update(healthProblems)
    .set({ detail: problem.detail, lastSeenAt: sql`now()` })
    .where(
      and(
        eq(healthProblems.workspaceId, workspaceId),
        eq(healthProblems.kind, problem.kind),
        eq(healthProblems.subject, problem.subject),
        isNull(healthProblems.resolvedAt),
      ),
    );
}

async function resolveWhere(
  db: Db,
  where: ReturnType<typeof and>,
): Promise<void> {
  const resolved = await db
    .update(healthProblems)
    .set({ resolvedAt: sql`now()` })
    .where(where)
    .returning({
      id: healthProblems.id,
      workspaceId: healthProblems.workspaceId,
      kind: healthProblems.kind,
    });
  for (const row of resolved) {
    log.info(
      { workspaceId: row.workspaceId, problemId: row.id, kind: row.kind },
      "health problem resolved",
    );
  }
}

/**
 * Brings the stored problems in line with what detectProblems finds now:
 * opens the new ones and closes the ones whose cause is gone, including
 * job and stage problems of mappings that were removed. Returns the open
 * problems afterwards.
 */
export async function syncProblems(
  db: Db,
  workspaceId: string,
): Promise<HealthProblem[]> {
  const detected = await detectProblems(db, workspaceId);
  for (const problem of detected) {
    await openOrTouch(db, workspaceId, problem);
  }

  const stillDerived = detected.map((problem) => problem.kind);
  const gone = DERIVED_KINDS.filter((kind) => !stillDerived.includes(kind));
  if (gone.length > 0) {
    await resolveWhere(
      db,
      and(
        eq(healthProblems.workspaceId, workspaceId),
        inArray(healthProblems.kind, gone),
        isNull(healthProblems.resolvedAt),
      ),
    );
  }

  // A removed or deleted mapping no longer needs its job or stage.
  await resolveWhere(
    db,
    and(
      eq(healthProblems.workspaceId, workspaceId),
      inArray(healthProblems.kind, MAPPING_KINDS),
      isNull(healthProblems.resolvedAt),
      sql`not exists (select 1 from ${jobMappings}
        where ${jobMappings.id}::text = ${healthProblems.subject}
          and ${jobMappings.status} = 'active')`,
    ),
  );

  return listOpenProblems(db, workspaceId);
}

export async function listOpenProblems(
  db: Db,
  workspaceId: string,
): Promise<HealthProblem[]> {
  return db
    .select()
    .from(healthProblems)
    .where(
      and(
        eq(healthProblems.workspaceId, workspaceId),
        isNull(healthProblems.resolvedAt),
      ),
    )
    .orderBy(desc(healthProblems.openedAt));
}
