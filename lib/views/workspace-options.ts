import { and, asc, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { agents, jobMappings, trackerConnections } from "@/db/schema";

/** Choices for the agent and job filters, and the zone to show times in. */

export type FilterOptions = {
  agents: { id: string; name: string }[];
  // One entry per Tracker job, even when several stages of it are mapped.
  jobs: { trackerJobId: number; title: string }[];
};

export async function getFilterOptions(
  db: Db,
  workspaceId: string,
): Promise<FilterOptions> {
  const [agentRows, jobRows] = await Promise.all([
    db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(eq(agents.workspaceId, workspaceId))
      .orderBy(asc(agents.name)),
    db
      .selectDistinctOn([jobMappings.trackerJobId], {
        trackerJobId: jobMappings.trackerJobId,
        title: jobMappings.jobTitle,
      })
      .from(jobMappings)
      .where(and(eq(jobMappings.workspaceId, workspaceId)))
      .orderBy(asc(jobMappings.trackerJobId), asc(jobMappings.createdAt)),
  ]);
  jobRows.sort((a, b) => a.title.localeCompare(b.title));
  return { agents: agentRows, jobs: jobRows };
}

/**
 * Returns the IANA zone of the workspace's Tracker database, or UTC
 * without a connection. Views show times and group days in this zone, so
 * they match the times recruiters see in Tracker.
 */
export async function getWorkspaceTimeZone(
  db: Db,
  workspaceId: string,
): Promise<string> {
  const [row] = await db
    .select({ timeZone: trackerConnections.timeZone })
    .from(trackerConnections)
    .where(eq(trackerConnections.workspaceId, workspaceId));
  return row?.timeZone ?? "UTC";
}
