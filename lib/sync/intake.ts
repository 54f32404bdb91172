import { and, eq, isNull, lt, or, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import {
  agents,
  jobMappings,
  screenings,
  trackerConnections,
  type Agent,
  type Candidate,
  type JobMapping,
  type Screening,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { ResumeText } from "@/lib/screening/resume-text";
import type { Workflow } from "@/lib/screening/workflow";
import { TrackerNotFoundError } from "@/lib/tracker/errors";

import { isAuthError, markNeedsToken } from "./connection-health";
import { readCandidate } from "./read-candidate";
import { advanceScreening } from "./screening-state";
import {
  recordScreeningFailure,
  recordScreeningResult,
} from "./screening-results";
import { describeError, type RunScope } from "./sync-runs";
import {
  deadlineSignal,
  isStopRequested,
  openTrackerClient,
} from "./tracker-client";
import { getWorkflowRunner, readAgentWorkflow } from "./workflow-runner";

const log = getLogger("sync.intake");

// Tracker outages of a few hours are retried; after this many attempts the
// screening fails and an admin can look at it.
export const MAX_INTAKE_ATTEMPTS = 8;
const INTAKE_LEASE_SECONDS = 300;

export type IntakeResult = {
  status: "dispatched" | "failed" | "retry" | "deferred" | "paused" | "skipped";
  trackerRequests: number;
  reason?: string;
  /** Set when the screening was claimed. */
  scope?: RunScope;
};

/**
 * Reads a pulled candidate and their resume from Tracker, stores them, and
 * hands the screening to the agent's workflow. Safe to run twice for one
 * screening: the claim lets one job in at a time, and state changes only
 * move forward.
 */
export async function intakeScreening(
  screeningId: string,
  options: { deadline?: number; signal?: AbortSignal } = {},
): Promise<IntakeResult> {
  const db = await getDb();
  const screening = await claimScreening(db, screeningId);
  if (!screening) return { status: "skipped", trackerRequests: 0 };
  const scope = {
    workspaceId: screening.workspaceId,
    connectionId: screening.connectionId,
  };

  const [connection] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.id, screening.connectionId));
  if (connection?.status !== "connected") {
    await releaseClaim(db, screeningId, { refundAttempt: true });
    return { status: "paused", trackerRequests: 0, scope };
  }

  const signal = deadlineSignal(options.deadline, options.signal);
  const client = await openTrackerClient(db, connection, { signal });
  const context = { screeningId, connectionId: connection.id };
  try {
    const candidate = await readCandidate(db, client, screening, signal);
    const outcome = await dispatch(
      db,
      screening,
      candidate.row,
      candidate.resume,
    );
    log.info({ ...context, outcome }, "screening dispatched");
    return {
      status: outcome === "failed" ? "failed" : "dispatched",
      trackerRequests: client.requestCount,
      scope,
    };
  } catch (error) {
    const reason = describeError(error);
    if (isStopRequested(error, signal)) {
      await releaseClaim(db, screeningId, { refundAttempt: true });
      return {
        status: "deferred",
        trackerRequests: client.requestCount,
        scope,
      };
    }
    if (isAuthError(error)) {
      await markNeedsToken(db, connection.id, error);
      await releaseClaim(db, screeningId, { refundAttempt: true });
      return {
        status: "paused",
        trackerRequests: client.requestCount,
        reason,
        scope,
      };
    }
    if (
      error instanceof TrackerNotFoundError ||
      screening.intakeAttempts >= MAX_INTAKE_ATTEMPTS
    ) {
      await recordScreeningFailure(db, screeningId, reason);
      log.error({ ...context, err: error }, "intake failed for good");
      return {
        status: "failed",
        trackerRequests: client.requestCount,
        reason,
        scope,
      };
    }
    await scheduleRetry(db, screeningId, screening.intakeAttempts);
    log.warn(
      { ...context, attempt: screening.intakeAttempts, err: error },
      "intake failed; it will be retried",
    );
    return {
      status: "retry",
      trackerRequests: client.requestCount,
      reason,
      scope,
    };
  }
}

async function claimScreening(
  db: Db,
  screeningId: string,
): Promise<Screening | null> {
  const [row] = await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: sql`now() + make_interval(secs => ${INTAKE_LEASE_SECONDS})`,
      intakeAttempts: sql`${screenings.intakeAttempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(screenings.id, screeningId),
        eq(screenings.state, "pulled"),
        or(
          isNull(screenings.intakeLeaseExpiresAt),
          lt(screenings.intakeLeaseExpiresAt, sql`now()`),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

async function releaseClaim(
  db: Db,
  screeningId: string,
  options: { refundAttempt: boolean },
) {
  await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: null,
      ...(options.refundAttempt
        ? { intakeAttempts: sql`greatest(${screenings.intakeAttempts} - 1, 0)` }
        : {}),
    })
    .where(and(eq(screenings.id, screeningId), eq(screenings.state, "pulled")));
}

/** Holds the claim until the retry time: 1, 2, 4 ... up to 60 minutes. */
async function scheduleRetry(db: Db, screeningId: string, attempt: number) {
  const delaySeconds = Math.min(3600, 60 * 2 ** Math.max(0, attempt - 1));
  await db
    .update(screenings)
    .set({
      intakeLeaseExpiresAt: sql`now() + make_interval(secs => ${delaySeconds})`,
    })
    .where(and(eq(screenings.id, screeningId), eq(screenings.state, "pulled")));
}

/** Returns why a screening cannot start, or null when it can. */
function whyNotStart(
  mapping: JobMapping | undefined,
  agent: Agent | undefined,
  workflow: Workflow | null,
): string | null {
  if (!mapping) return "The job mapping no longer exists.";
  if (mapping.status !== "active") {
    return "The job mapping was removed before the candidate was screened.";
  }
  if (!agent || agent.status !== "active") {
    return "The agent was archived or deleted before the candidate was screened.";
  }
  if (!workflow) {
    return (
      "The agent's workflow is invalid; fix the agent and screen the " +
      "candidate again."
    );
  }
  return null;
}

async function dispatch(
  db: Db,
  screening: Screening,
  candidate: Candidate,
  resume: ResumeText,
): Promise<"final" | "waiting" | "failed"> {
  const [mapping] = await db
    .select()
    .from(jobMappings)
    .where(eq(jobMappings.id, screening.mappingId));
  const [agent] = await db
    .select()
    .from(agents)
    .where(eq(agents.id, screening.agentId));
  const workflow = agent ? readAgentWorkflow(agent.workflow) : null;
  const problem = whyNotStart(mapping, agent, workflow);
  if (problem || !mapping || !agent || !workflow) {
    await recordScreeningFailure(db, screening.id, problem ?? "Missing data.");
    log.warn({ screeningId: screening.id, problem }, "screening not started");
    return "failed";
  }

  await db
    .update(screenings)
    .set({ candidateId: candidate.id, dispatchedAt: sql`now()` })
    .where(eq(screenings.id, screening.id));

  const outcome = await getWorkflowRunner().start({
    screening,
    candidate,
    resume,
    agent,
    workflow,
    mapping,
  });
  if (outcome.kind === "final") {
    await recordScreeningResult(screening.id, outcome.result, db);
    return "final";
  }
  if (outcome.kind === "failed") {
    await recordScreeningFailure(db, screening.id, outcome.reason);
    return "failed";
  }
  await advanceScreening(db, screening.id, outcome.kind, {
    detail: outcome.detail,
  });
  return "waiting";
}
