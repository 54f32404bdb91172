import { and, asc, eq, inArray, ne } from "drizzle-orm";

import type { Db } from "@/db";
import { agents, backfills, jobMappings, type JobMapping } from "@/db/schema";
import { getLogger } from "@/lib/logger";
// The two schemas that turn the typed Job ID into a number are applied by
// the action wrapper, so these functions take their parsed output.
import {
  mappingIdSchema,
  type CheckTrackerJobValues,
  type MappingIdInput,
  type SaveJobMappingValues,
} from "@/lib/validations/job-mapping";

import { ActionError } from "../action-error";
import { assertRole, type Actor } from "./actor";
import { AGENT_EDITOR_ROLE, requireAgent } from "./agents";
import { isUniqueViolation } from "./database-errors";
import { requireLiveConnection } from "./live-connection";
import { fetchJob, fetchStages, type JobSummary } from "./tracker-gateway";

const log = getLogger("job-mappings");

/** Lists an agent's active mappings, oldest first. */
export async function listMappings(
  db: Db,
  workspaceId: string,
  agentId: string,
): Promise<JobMapping[]> {
  return db
    .select()
    .from(jobMappings)
    .where(
      and(
        eq(jobMappings.workspaceId, workspaceId),
        eq(jobMappings.agentId, agentId),
        eq(jobMappings.status, "active"),
      ),
    )
    .orderBy(asc(jobMappings.createdAt));
}

/** Returns the active mapping if it belongs to the workspace. */
export async function requireMapping(
  db: Db,
  workspaceId: string,
  mappingId: string,
): Promise<JobMapping> {
  const [row] = await db
    .select()
    .from(jobMappings)
    .where(
      and(
        eq(jobMappings.id, mappingId),
        eq(jobMappings.workspaceId, workspaceId),
        eq(jobMappings.status, "active"),
      ),
    );
  if (!row) {
    throw new ActionError(
      "This job mapping was not found in your workspace; it may have been " +
        "removed. Reload the page.",
    );
  }
  return row;
}

/** Looks the job up live in Tracker for the Job ID field. */
export async function checkTrackerJob(
  db: Db,
  actor: Actor,
  input: CheckTrackerJobValues,
): Promise<JobSummary> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const { trackerJobId } = input;
  const connection = await requireLiveConnection(db, actor.workspaceId);
  return fetchJob(db, connection, trackerJobId);
}

async function findHolder(
  db: Db,
  workspaceId: string,
  jobId: number,
  statusId: number,
  exceptMappingId?: string,
) {
  const conditions = [
    eq(jobMappings.workspaceId, workspaceId),
    eq(jobMappings.trackerJobId, jobId),
    eq(jobMappings.triggerStatusId, statusId),
    eq(jobMappings.status, "active"),
  ];
  if (exceptMappingId) conditions.push(ne(jobMappings.id, exceptMappingId));
  const [holder] = await db
    .select({ agentName: agents.name, agentId: agents.id })
    .from(jobMappings)
    .innerJoin(agents, eq(agents.id, jobMappings.agentId))
    .where(and(...conditions));
  return holder;
}

function clashError(
  jobId: number,
  stageName: string,
  holderName: string | undefined,
): ActionError {
  const holder = holderName ? `agent “${holderName}”` : "another agent";
  return new ActionError("This job and stage are already mapped.", {
    triggerStatusId: [
      `Job ${jobId} at stage “${stageName}” already belongs to ${holder}. ` +
        "Remove that mapping first, or pick another stage.",
    ],
  });
}

async function assertNoOpenBackfill(db: Db, mappingId: string) {
  const [open] = await db
    .select({ id: backfills.id })
    .from(backfills)
    .where(
      and(
        eq(backfills.mappingId, mappingId),
        inArray(backfills.status, ["queued", "running"]),
      ),
    );
  if (open) {
    throw new ActionError(
      "A backfill is running for this mapping; cancel it or wait for it to " +
        "finish before remapping.",
    );
  }
}

/**
 * Maps a Tracker job and trigger stage to an agent, or remaps an existing
 * mapping when values.mappingId is set. The job and stage are checked
 * live. A remap that changes either clears the baseline, so the sync
 * engine records the stage's current occupants again before pulling anyone.
 */
export async function saveJobMapping(
  db: Db,
  actor: Actor,
  values: SaveJobMappingValues,
): Promise<JobMapping> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const agent = await requireAgent(db, actor.workspaceId, values.agentId);
  if (agent.status === "archived") {
    throw new ActionError(
      `Agent “${agent.name}” is archived; set it to Active before mapping jobs.`,
    );
  }
  const existing = values.mappingId
    ? await requireMapping(db, actor.workspaceId, values.mappingId)
    : undefined;
  if (existing && existing.agentId !== agent.id) {
    throw new ActionError(
      "This mapping belongs to another agent; open that agent to change it.",
    );
  }

  const connection = await requireLiveConnection(db, actor.workspaceId);
  const job = await fetchJob(db, connection, values.trackerJobId);
  if (job.isClosed && !values.mapClosedJob) {
    throw new ActionError("This job is closed in Tracker.", {
      trackerJobId: [
        `Job ${job.id} (“${job.title}”) is closed in Tracker, so few new ` +
          "candidates will reach it. Tick “Map anyway” to map it regardless.",
      ],
    });
  }
  const stages = await fetchStages(db, connection);
  const stage = stages.find((each) => each.id === values.triggerStatusId);
  if (!stage) {
    throw new ActionError("The stage was not found in Tracker.", {
      triggerStatusId: [
        `Stage ${values.triggerStatusId} no longer exists in your Tracker ` +
          "database; reload the page and pick a stage from the list.",
      ],
    });
  }

  const holder = await findHolder(
    db,
    actor.workspaceId,
    job.id,
    stage.id,
    existing?.id,
  );
  if (holder) throw clashError(job.id, stage.name, holder.agentName);

  const fields = {
    connectionId: connection.id,
    trackerJobId: job.id,
    jobTitle: job.title,
    jobClient: job.clientName,
    triggerStatusId: stage.id,
    triggerStatusName: stage.name,
    triggerGroup: stage.group ?? "Ungrouped",
    updatedAt: new Date(),
  };

  try {
    if (!existing) {
      const [created] = await db
        .insert(jobMappings)
        .values({
          ...fields,
          workspaceId: actor.workspaceId,
          agentId: agent.id,
        })
        .returning();
      log.info(
        {
          workspaceId: actor.workspaceId,
          agentId: agent.id,
          mappingId: created!.id,
          trackerJobId: job.id,
          triggerStatusId: stage.id,
        },
        "job mapped",
      );
      return created!;
    }

    await assertNoOpenBackfill(db, existing.id);
    const changed =
      existing.trackerJobId !== job.id || existing.triggerStatusId !== stage.id;
    const [updated] = await db
      .update(jobMappings)
      .set({
        ...fields,
        baselineRecordedAt: changed ? null : existing.baselineRecordedAt,
      })
      .where(
        and(
          eq(jobMappings.id, existing.id),
          eq(jobMappings.workspaceId, actor.workspaceId),
          eq(jobMappings.status, "active"),
        ),
      )
      .returning();
    log.info(
      {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        mappingId: existing.id,
        trackerJobId: job.id,
        triggerStatusId: stage.id,
        baselineReset: changed,
      },
      "job remapped",
    );
    return updated!;
  } catch (error) {
    if (isUniqueViolation(error, "job_mappings_active_job_stage_key")) {
      const racer = await findHolder(db, actor.workspaceId, job.id, stage.id);
      throw clashError(job.id, stage.name, racer?.agentName);
    }
    throw error;
  }
}

/**
 * Marks the mapping removed so no new candidates are pulled, and cancels
 * its open backfill. Screenings already started are left to finish.
 */
export async function removeJobMapping(
  db: Db,
  actor: Actor,
  input: MappingIdInput,
): Promise<{ cancelledBackfills: number }> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const { mappingId } = mappingIdSchema.parse(input);
  const mapping = await requireMapping(db, actor.workspaceId, mappingId);
  const now = new Date();

  return db.transaction(async (tx) => {
    await tx
      .update(jobMappings)
      .set({ status: "removed", removedAt: now, updatedAt: now })
      .where(
        and(
          eq(jobMappings.id, mapping.id),
          eq(jobMappings.workspaceId, actor.workspaceId),
        ),
      );
    const cancelled = await tx
      .update(backfills)
      .set({
        status: "cancelled",
        error: "Cancelled because the job mapping was removed.",
        finishedAt: now,
      })
      .where(
        and(
          eq(backfills.mappingId, mapping.id),
          inArray(backfills.status, ["queued", "running"]),
        ),
      )
      .returning({ id: backfills.id });
    log.info(
      {
        workspaceId: actor.workspaceId,
        mappingId: mapping.id,
        cancelledBackfills: cancelled.length,
      },
      "job mapping removed",
    );
    return { cancelledBackfills: cancelled.length };
  });
}
