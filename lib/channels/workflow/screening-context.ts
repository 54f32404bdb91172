import { eq } from "drizzle-orm";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screenings,
  trackerConnections,
  workspaces,
  type Agent,
  type Candidate,
  type JobMapping,
  type Screening,
} from "@/db/schema";
import type { Workflow } from "@/lib/screening/workflow";
import { readAgentWorkflow } from "@/lib/sync/workflow-runner";

/** Data a channel needs to contact a candidate about one screening. */
export type ScreeningContext = {
  screening: Screening;
  candidate: Candidate;
  agent: Agent;
  workflow: Workflow;
  mapping: JobMapping;
  workspaceName: string;
  // IANA zone of the workspace's Tracker connection; sending hours use it.
  timeZone: string;
};

export class ScreeningContextError extends Error {
  name = "ScreeningContextError";
}

/** Loads a screening with its candidate, agent, workflow and job. */
export async function loadScreeningContext(
  db: Db,
  screeningId: string,
): Promise<ScreeningContext> {
  const [row] = await db
    .select({
      screening: screenings,
      candidate: candidates,
      agent: agents,
      mapping: jobMappings,
      workspaceName: workspaces.name,
      timeZone: trackerConnections.timeZone,
    })
    .from(screenings)
    .innerJoin(agents, eq(agents.id, screenings.agentId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .innerJoin(workspaces, eq(workspaces.id, screenings.workspaceId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .leftJoin(
      trackerConnections,
      eq(trackerConnections.id, screenings.connectionId),
    )
    .where(eq(screenings.id, screeningId));

  if (!row) {
    throw new ScreeningContextError(`Screening ${screeningId} not found.`);
  }
  if (!row.candidate) {
    throw new ScreeningContextError(
      `Screening ${screeningId} has no candidate yet; intake stores it first.`,
    );
  }
  const workflow = readAgentWorkflow(row.agent.workflow);
  if (!workflow) {
    throw new ScreeningContextError(
      `Agent ${row.agent.id} has an invalid workflow; fix it in the agent form.`,
    );
  }
  return {
    screening: row.screening,
    candidate: row.candidate,
    agent: row.agent,
    mapping: row.mapping,
    workflow,
    workspaceName: row.workspaceName,
    timeZone: row.timeZone ?? "UTC",
  };
}

export function candidateFirstName(candidate: Candidate): string {
  return candidate.firstName?.trim() || "there";
}
