import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  jobMappings,
  syncRuns,
  trackerConnections,
  type ProblemKind,
} from "@/db/schema";

import { PROBLEM_COPY, type ProblemCopy } from "./problem-copy";
import { detectProblems, listOpenProblems } from "./problems";

/** Connection status, polls and problems for the Integrations page and sidebar. */

// The /api/cron/sync route is scheduled every minute ("* * * * *").
export const POLL_INTERVAL_MS = 60_000;

export type HealthProblemView = ProblemCopy & {
  kind: ProblemKind;
  detail: string;
  // Job title for a problem about one mapping.
  jobTitle: string | null;
  // Null when the problem was found by this read and not stored yet.
  openedAt: string | null;
};

export type ConnectionHealth = {
  connection: {
    status: "connected" | "needs_token";
    statusReason: string | null;
    region: string;
  } | null;
  lastPollAt: string | null;
  lastPollStatus: string | null;
  lastSuccessfulPollAt: string | null;
  // An estimate from the cron schedule; null while polls cannot run.
  nextPollAt: string | null;
  problems: HealthProblemView[];
};

async function latestPoll(db: Db, workspaceId: string, succeeded: boolean) {
  const [row] = await db
    .select({
      status: syncRuns.status,
      startedAt: syncRuns.startedAt,
      finishedAt: syncRuns.finishedAt,
    })
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.workspaceId, workspaceId),
        eq(syncRuns.kind, "poll"),
        succeeded ? eq(syncRuns.status, "succeeded") : undefined,
      ),
    )
    .orderBy(sql`${syncRuns.startedAt} desc nulls last`)
    .limit(1);
  return row ?? null;
}

/**
 * Reads the connection's health. Problems are the stored open ones merged
 * with those detectProblems finds now, so a broken token shows at once,
 * before the sync engine's next check stores it.
 */
export async function getConnectionHealth(
  db: Db,
  workspaceId: string,
  now = new Date(),
): Promise<ConnectionHealth> {
  const [connection] = await db
    .select({
      status: trackerConnections.status,
      statusReason: trackerConnections.statusReason,
      region: trackerConnections.region,
    })
    .from(trackerConnections)
    .where(eq(trackerConnections.workspaceId, workspaceId));

  const [lastPoll, lastSuccess, stored, detected] = await Promise.all([
    latestPoll(db, workspaceId, false),
    latestPoll(db, workspaceId, true),
    listOpenProblems(db, workspaceId),
    detectProblems(db, workspaceId),
  ]);

  const problems = stored.map((problem) => ({
    kind: problem.kind,
    subject: problem.subject,
    detail: problem.detail,
    openedAt: problem.openedAt.toISOString() as string | null,
  }));
  for (const found of detected) {
    const known = problems.some(
      (problem) =>
        problem.kind === found.kind && problem.subject === found.subject,
    );
    if (!known) problems.push({ ...found, openedAt: null });
  }
  const jobTitles = await loadJobTitles(
    db,
    workspaceId,
    problems.map((problem) => problem.subject).filter(Boolean),
  );

  let nextPollAt: string | null = null;
  if (connection?.status === "connected") {
    const base = lastPoll?.startedAt.getTime() ?? now.getTime();
    nextPollAt = new Date(
      Math.max(base + POLL_INTERVAL_MS, now.getTime()),
    ).toISOString();
  }

  return {
    connection: connection ?? null,
    lastPollAt: lastPoll?.startedAt.toISOString() ?? null,
    lastPollStatus: lastPoll?.status ?? null,
    lastSuccessfulPollAt:
      (lastSuccess?.finishedAt ?? lastSuccess?.startedAt)?.toISOString() ??
      null,
    nextPollAt,
    problems: problems.map((problem) => ({
      ...PROBLEM_COPY[problem.kind],
      kind: problem.kind,
      detail: problem.detail,
      jobTitle: jobTitles.get(problem.subject) ?? null,
      openedAt: problem.openedAt,
    })),
  };
}

async function loadJobTitles(
  db: Db,
  workspaceId: string,
  mappingIds: string[],
): Promise<Map<string, string>> {
  if (mappingIds.length === 0) return new Map();
  const rows = await db
    .select({ id: jobMappings.id, title: jobMappings.jobTitle })
    .from(jobMappings)
    .where(
      and(
        eq(jobMappings.workspaceId, workspaceId),
        sql`${jobMappings.id}::text = any(${sql`array[${sql.join(
          mappingIds.map((id) => sql`${id}`),
          sql`, `,
        )}]::text[]`})`,
      ),
    );
  return new Map(rows.map((row) => [row.id, row.title]));
}
