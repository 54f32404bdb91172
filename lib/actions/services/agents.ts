import { and, asc, count, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { agents, jobMappings, type Agent } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import {
  createStep,
  STEP_KINDS,
  stepSchema,
  type StepKind,
  type WorkflowStep,
} from "@/lib/screening/workflow";
import { agentSchema, type AgentInput } from "@/lib/validations/agent";

import { ActionError } from "../action-error";
import { assertRole, type Actor } from "./actor";
import { isUniqueViolation } from "./database-errors";

const log = getLogger("agents");

/** Role needed to create, edit or archive agents and their mappings. */
export const AGENT_EDITOR_ROLE = "recruiter" as const;

export type AgentSummary = Agent & { activeMappings: number };

/** Lists the workspace's agents by name, each with its active mapping count. */
export async function listAgents(
  db: Db,
  workspaceId: string,
): Promise<AgentSummary[]> {
  const rows = await db
    .select({ agent: agents, activeMappings: count(jobMappings.id) })
    .from(agents)
    .leftJoin(
      jobMappings,
      and(eq(jobMappings.agentId, agents.id), eq(jobMappings.status, "active")),
    )
    .where(eq(agents.workspaceId, workspaceId))
    .groupBy(agents.id)
    .orderBy(asc(agents.status), asc(agents.name));
  return rows.map((row) => ({
    ...row.agent,
    activeMappings: row.activeMappings,
  }));
}

/** Returns the agent if it belongs to the workspace, otherwise undefined. */
export async function findAgent(
  db: Db,
  workspaceId: string,
  agentId: string,
): Promise<Agent | undefined> {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, workspaceId)));
  return row;
}

/** Like findAgent, but throws the message the user sees when it is missing. */
export async function requireAgent(
  db: Db,
  workspaceId: string,
  agentId: string,
): Promise<Agent> {
  const agent = await findAgent(db, workspaceId, agentId);
  if (!agent) {
    throw new ActionError(
      "This agent was not found in your workspace; it may have been " +
        "deleted. Reload the agents list.",
    );
  }
  return agent;
}

function nameTaken(name: string): ActionError {
  return new ActionError("An agent with this name already exists.", {
    name: [
      `“${name}” is already the name of another agent in this workspace; ` +
        "pick a different name.",
    ],
  });
}

/**
 * Returns one step per chosen kind, in the canonical order. A kind the
 * agent already had keeps its settings; a new kind gets createStep's
 * starting values.
 */
export function buildWorkflow(
  kinds: StepKind[],
  previous: WorkflowStep[],
): WorkflowStep[] {
  const chosen = new Set(kinds);
  return STEP_KINDS.filter((kind) => chosen.has(kind)).map((kind) => {
    const kept = previous.find((step) => step.kind === kind);
    return stepSchema.parse(kept ?? createStep(kind, kind));
  });
}

/** Creates the agent, or updates it when input.id is set. */
export async function saveAgent(
  db: Db,
  actor: Actor,
  input: AgentInput,
): Promise<Agent> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const values = agentSchema.parse(input);
  const previous = values.id
    ? await requireAgent(db, actor.workspaceId, values.id)
    : undefined;
  const fields = {
    name: values.name,
    workflow: buildWorkflow(values.stepKinds, previous?.workflow ?? []),
    jobDescription: values.jobDescription,
    status: values.status,
  };

  try {
    if (!values.id) {
      const [created] = await db
        .insert(agents)
        .values({ ...fields, workspaceId: actor.workspaceId })
        .returning();
      log.info(
        { agentId: created!.id, workspaceId: actor.workspaceId },
        "agent created",
      );
      return created!;
    }

    const [updated] = await db
      .update(agents)
      .set({ ...fields, updatedAt: new Date() })
      .where(
        and(
          eq(agents.id, values.id),
          eq(agents.workspaceId, actor.workspaceId),
        ),
      )
      .returning();
    log.info(
      { agentId: values.id, workspaceId: actor.workspaceId },
      "agent updated",
    );
    return updated!;
  } catch (error) {
    if (isUniqueViolation(error, "agents_workspace_name_key")) {
      throw nameTaken(values.name);
    }
    throw error;
  }
}
