import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  SCREENING_STATES,
  screenings,
  writeBacks,
  type ScreeningState,
} from "@/db/schema";

import { candidateName } from "./run-candidates";

/** The candidates list: a workspace's screenings, newest first. */

export const SCREENINGS_PAGE_SIZE = 25;

export const screeningListFiltersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  state: z.enum(SCREENING_STATES).optional().catch(undefined),
  agent: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type ScreeningListFilters = z.output<typeof screeningListFiltersSchema>;

export type ScreeningListRow = {
  id: string;
  name: string;
  email: string | null;
  state: ScreeningState;
  score: number | null;
  agentName: string;
  jobTitle: string;
  trackerJobId: number;
  createdAt: string;
  // True while the result is kept here because Tracker rejected it.
  writeBackFailed: boolean;
};

export type ScreeningListPage = {
  rows: ScreeningListRow[];
  total: number;
  page: number;
  pageCount: number;
};

// Escapes LIKE wildcards so a search for "50%" matches the literal text.
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

function listConditions(
  workspaceId: string,
  filters: ScreeningListFilters,
): SQL[] {
  const conditions: SQL[] = [eq(screenings.workspaceId, workspaceId)];
  if (filters.state) conditions.push(eq(screenings.state, filters.state));
  if (filters.agent) conditions.push(eq(screenings.agentId, filters.agent));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    const fullName = sql`coalesce(${candidates.firstName}, '') || ' ' || coalesce(${candidates.lastName}, '')`;
    conditions.push(
      or(ilike(fullName, pattern), ilike(candidates.email, pattern))!,
    );
  }
  return conditions;
}

/**
 * Lists one page of screenings, searchable by the candidate's name or
 * email. A page past the end returns no rows with the real page count.
 * NOTE: the substring search and the count scan the workspace's
 * screenings, as no index serves ILIKE '%text%'. A pg_trgm index would
 * keep large workspaces fast but needs that extension on the server.
 */
export async function listScreenings(
  db: Db,
  workspaceId: string,
  filters: ScreeningListFilters,
  pageSize = SCREENINGS_PAGE_SIZE,
): Promise<ScreeningListPage> {
  const where = and(...listConditions(workspaceId, filters));

  const [totals] = await db
    .select({ total: count() })
    .from(screenings)
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .where(where);
  const total = totals?.total ?? 0;

  const rows = await db
    .select({
      id: screenings.id,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
      email: candidates.email,
      trackerCandidateId: screenings.trackerCandidateId,
      state: screenings.state,
      score: screenings.score,
      agentName: agents.name,
      jobTitle: jobMappings.jobTitle,
      trackerJobId: screenings.trackerJobId,
      createdAt: screenings.createdAt,
      writeBackStatus: writeBacks.status,
    })
    .from(screenings)
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .leftJoin(writeBacks, eq(writeBacks.screeningId, screenings.id))
    .innerJoin(agents, eq(agents.id, screenings.agentId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .where(where)
    .orderBy(desc(screenings.createdAt), desc(screenings.id))
    .limit(pageSize)
    .offset((filters.page - 1) * pageSize);

  return {
    rows: rows.map((row) => ({
      id: row.id,
      name: candidateName(row),
      email: row.email,
      state: row.state,
      score: row.score,
      agentName: row.agentName,
      jobTitle: row.jobTitle,
      trackerJobId: row.trackerJobId,
      createdAt: row.createdAt.toISOString(),
      writeBackFailed: row.writeBackStatus === "failed",
    })),
    total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
