import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Db } from "@/db";
import {
  agents,
  jobMappings,
  syncRuns,
  type SyncRunKind,
  type SyncRunStatus,
} from "@/db/schema";

import type { SyncHistoryFilters } from "./sync-history-filters";

/**
 * Sync history queries. Pages are keyset-paged on (started_at, id), newest
 * first, so a page deep in a long history costs the same as the first one
 * and a run inserted meanwhile never shifts a page.
 */

export const RUNS_PAGE_SIZE = 25;

export type RunJob = {
  mappingId: string;
  agentId: string;
  agentName: string;
  trackerJobId: number;
  jobTitle: string;
};

export type SyncRunRow = {
  id: string;
  kind: SyncRunKind;
  status: SyncRunStatus;
  // ISO 8601 strings, so the same shape goes through the JSON route.
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  candidatesPulled: number;
  screeningsDispatched: number;
  resultsWrittenBack: number;
  failures: number;
  pagesRead: number;
  placementsScanned: number;
  trackerRequests: number;
  error: string | null;
  // The run's own mapping, or every mapping a connection-wide poll counted.
  jobs: RunJob[];
};

export type SyncRunPage = {
  runs: SyncRunRow[];
  // Cursor of the next older page, or null on the last page.
  olderCursor: string | null;
  // Cursor of the next newer page, or null on the first page.
  newerCursor: string | null;
};

type RunCursor = { startedAt: string; id: string };

// started_at as UTC text with microseconds, which a JS Date would round.
const startedAtKey = sql<string>`to_char(${syncRuns.startedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeRunCursor(value: RunCursor): string {
  return Buffer.from(`${value.startedAt}|${value.id}`).toString("base64url");
}

/** Returns null for a cursor that is not an encoded key of this module. */
export function decodeRunCursor(encoded: string): RunCursor | null {
  const text = Buffer.from(encoded, "base64url").toString("utf8");
  const [startedAt, id, extra] = text.split("|");
  if (!startedAt || !id || extra !== undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(startedAt)) {
    return null;
  }
  if (!z.uuid().safeParse(id).success) return null;
  return { startedAt, id };
}

/**
 * Resolves the agent and job filters to the mapping ids they cover, or
 * returns undefined when neither filter is set.
 */
async function filteredMappingIds(
  db: Db,
  workspaceId: string,
  filters: SyncHistoryFilters,
): Promise<string[] | undefined> {
  if (!filters.agent && !filters.job) return undefined;
  const conditions = [eq(jobMappings.workspaceId, workspaceId)];
  if (filters.agent) conditions.push(eq(jobMappings.agentId, filters.agent));
  if (filters.job) conditions.push(eq(jobMappings.trackerJobId, filters.job));
  const rows = await db
    .select({ id: jobMappings.id })
    .from(jobMappings)
    .where(and(...conditions));
  return rows.map((row) => row.id);
}

/** Start of a local calendar day in the given IANA zone, as timestamptz. */
export function localDayStart(day: string, timeZone: string): SQL {
  return sql`(${day}::date)::timestamp at time zone ${timeZone}`;
}

function runConditions(
  workspaceId: string,
  filters: SyncHistoryFilters,
  mappingIds: string[] | undefined,
  timeZone: string,
): SQL[] {
  const conditions: SQL[] = [eq(syncRuns.workspaceId, workspaceId)];
  if (mappingIds) {
    // A connection-wide poll has no mapping_id; it lists the mappings it
    // served as the keys of mapping_counts.
    const ids = sql`array[${sql.join(
      mappingIds.map((id) => sql`${id}`),
      sql`, `,
    )}]::text[]`;
    conditions.push(
      mappingIds.length === 0
        ? sql`false`
        : sql`(${syncRuns.mappingId}::text = any(${ids}) or jsonb_exists_any(${syncRuns.mappingCounts}, ${ids}))`,
    );
  }
  if (filters.status) conditions.push(eq(syncRuns.status, filters.status));
  if (filters.kind) conditions.push(eq(syncRuns.kind, filters.kind));
  if (filters.from) {
    conditions.push(
      sql`${syncRuns.startedAt} >= ${localDayStart(filters.from, timeZone)}`,
    );
  }
  if (filters.to) {
    const dayAfter = sql`(${filters.to}::date + 1)::timestamp at time zone ${timeZone}`;
    conditions.push(sql`${syncRuns.startedAt} < ${dayAfter}`);
  }
  return conditions;
}

/**
 * Lists one page of a workspace's sync runs, newest first, with the
 * filters applied. `after` pages to older runs and `before` to newer
 * ones; `timeZone` decides where the from and to days begin and end.
 */
export async function listSyncRuns(
  db: Db,
  workspaceId: string,
  filters: SyncHistoryFilters,
  options: { timeZone?: string; pageSize?: number } = {},
): Promise<SyncRunPage> {
  const pageSize = options.pageSize ?? RUNS_PAGE_SIZE;
  const timeZone = options.timeZone ?? "UTC";
  const mappingIds = await filteredMappingIds(db, workspaceId, filters);
  const conditions = runConditions(workspaceId, filters, mappingIds, timeZone);

  const before = filters.before ? decodeRunCursor(filters.before) : null;
  const after = before ? null : filters.after && decodeRunCursor(filters.after);
  if (after) {
    // The plain started_at bound lets the planner range-scan the
    // (workspace_id, started_at) index; the row comparison breaks ties.
    const at = sql`${after.startedAt}::timestamptz`;
    conditions.push(
      sql`${syncRuns.startedAt} <= ${at}`,
      sql`(${syncRuns.startedAt}, ${syncRuns.id}) < (${at}, ${after.id}::uuid)`,
    );
  }
  if (before) {
    const at = sql`${before.startedAt}::timestamptz`;
    conditions.push(
      sql`${syncRuns.startedAt} >= ${at}`,
      sql`(${syncRuns.startedAt}, ${syncRuns.id}) > (${at}, ${before.id}::uuid)`,
    );
  }

  // drizzle declares the index as started_at DESC NULLS LAST, and the
  // order must name the same nulls placement for the index to apply.
  const order = before
    ? [sql`${syncRuns.startedAt} asc nulls first`, asc(syncRuns.id)]
    : [sql`${syncRuns.startedAt} desc nulls last`, desc(syncRuns.id)];
  const rows = await db
    .select({ run: syncRuns, startedAtKey })
    .from(syncRuns)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(pageSize + 1);

  const hasMore = rows.length > pageSize;
  const pageRows = rows.slice(0, pageSize);
  if (before) pageRows.reverse();

  const jobs = await loadRunJobs(
    db,
    workspaceId,
    pageRows.map((row) => row.run),
  );
  const runs = pageRows.map((row) => toRunRow(row.run, jobs));
  const first = pageRows[0];
  const last = pageRows[pageRows.length - 1];
  const keyOf = (row: (typeof pageRows)[number]) =>
    encodeRunCursor({ startedAt: row.startedAtKey, id: row.run.id });

  // Paging back from an older page always has newer runs behind it, and
  // paging forward always has older ones. The extra row fetched shows
  // whether more runs exist in the direction of travel.
  const hasOlder = before ? true : hasMore;
  const hasNewer = before ? hasMore : Boolean(after);
  return {
    runs,
    olderCursor: hasOlder && last ? keyOf(last) : null,
    newerCursor: hasNewer && first ? keyOf(first) : null,
  };
}

type RunRecord = typeof syncRuns.$inferSelect;

function runMappingIds(run: RunRecord): string[] {
  if (run.mappingId) return [run.mappingId];
  return Object.keys(run.mappingCounts ?? {});
}

async function loadRunJobs(
  db: Db,
  workspaceId: string,
  runs: RunRecord[],
): Promise<Map<string, RunJob>> {
  const ids = [...new Set(runs.flatMap(runMappingIds))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      mappingId: jobMappings.id,
      agentId: agents.id,
      agentName: agents.name,
      trackerJobId: jobMappings.trackerJobId,
      jobTitle: jobMappings.jobTitle,
    })
    .from(jobMappings)
    .innerJoin(agents, eq(agents.id, jobMappings.agentId))
    .where(
      and(
        eq(jobMappings.workspaceId, workspaceId),
        inArray(jobMappings.id, ids),
      ),
    );
  return new Map(rows.map((row) => [row.mappingId, row]));
}

function toRunRow(run: RunRecord, jobs: Map<string, RunJob>): SyncRunRow {
  const finished = run.finishedAt?.getTime() ?? null;
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: finished === null ? null : finished - run.startedAt.getTime(),
    candidatesPulled: run.candidatesPulled,
    screeningsDispatched: run.screeningsDispatched,
    resultsWrittenBack: run.resultsWrittenBack,
    failures: run.failures,
    pagesRead: run.pagesRead,
    placementsScanned: run.placementsScanned,
    trackerRequests: run.trackerRequests,
    error: run.error,
    jobs: runMappingIds(run).flatMap((id) => {
      const job = jobs.get(id);
      return job ? [job] : [];
    }),
  };
}

export type SyncRunDetail = SyncRunRow & {
  connectionId: string | null;
  backfillId: string | null;
};

/** Loads one run of the workspace, or null when it is not the workspace's. */
export async function getSyncRun(
  db: Db,
  workspaceId: string,
  runId: string,
): Promise<SyncRunDetail | null> {
  if (!z.uuid().safeParse(runId).success) return null;
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.id, runId)));
  if (!run) return null;
  const jobs = await loadRunJobs(db, workspaceId, [run]);
  return {
    ...toRunRow(run, jobs),
    connectionId: run.connectionId,
    backfillId: run.backfillId,
  };
}
