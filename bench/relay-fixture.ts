import {
  agents,
  jobMappings,
  trackerConnections,
  type JobMapping,
  type StoredWorkflowStep,
  type TrackerConnection,
} from "@/db/schema";
import type { Db } from "@/db";
import { encryptSecret } from "@/lib/crypto";
import { ensureWorkspace } from "@/lib/demo/seed";
import type { SandboxDatabaseSeed, SandboxStatus } from "@/lib/tracker-sandbox";
import { RESUME_WORKFLOW } from "@/tests/fixtures/workflows";

/**
 * Sandbox seed and Relay rows shared by the benchmark and the fault
 * suite: one Tracker database with a few jobs, a workspace connected to
 * it, a resume-only agent, and one mapping per job.
 */

export const FIXTURE_DB = "relay-bench";
export const FIXTURE_TOKEN = "0badc0de0badc0de0badc0de0badc0de";
export const FIXTURE_TIME_ZONE = "America/Chicago";
export const FIRST_JOB_ID = 5001;

export const STATUS = {
  applied: 3,
  shortlisted: 4,
  submitted: 5,
  interview: 7,
} as const;

const STATUSES: SandboxStatus[] = [
  { id: STATUS.applied, name: "New Applicant", group: "Applied", order: 1 },
  {
    id: STATUS.shortlisted,
    name: "Shortlisted",
    group: "Shortlisted",
    order: 2,
  },
  { id: STATUS.submitted, name: "Resume Sent", group: "Submitted", order: 3 },
  {
    id: STATUS.interview,
    name: "First Interview",
    group: "Interview",
    order: 4,
  },
];

export function jobIdOf(index: number): number {
  return FIRST_JOB_ID + index;
}

/**
 * Builds a Tracker database with `jobCount` jobs and the given
 * placements, each on its own candidate. Placement ids start at 70001
 * and candidate ids at 90001, in plan order.
 */
export function buildFixtureSeed(
  jobCount: number,
  placements: { jobId: number; statusId: number }[] = [],
): SandboxDatabaseSeed {
  return {
    name: FIXTURE_DB,
    region: "US",
    timeZone: FIXTURE_TIME_ZONE,
    accessToken: FIXTURE_TOKEN,
    statuses: STATUSES,
    jobs: Array.from({ length: jobCount }, (_, index) => ({
      id: jobIdOf(index),
      name: `Engineer ${index + 1}`,
    })),
    candidates: placements.map((_, index) => ({
      id: 90001 + index,
      firstName: "Fixture",
      surname: `Candidate ${index + 1}`,
      email: `fixture${index + 1}@example.test`,
    })),
    placements: placements.map((plan, index) => ({
      id: 70001 + index,
      jobId: plan.jobId,
      resourceId: 90001 + index,
      statusId: plan.statusId,
    })),
  };
}

export type RelayFixture = {
  workspaceId: string;
  connection: TrackerConnection;
  agentId: string;
  mappings: JobMapping[];
};

/**
 * Creates a workspace, a connection to `sandboxUrl` with the given
 * budget, a resume-only agent, and one mapping per job whose trigger is
 * the Shortlisted stage.
 */
export async function createRelayFixture(
  db: Db,
  options: {
    sandboxUrl: string;
    slug: string;
    jobIds: number[];
    requestsPerMinute: number;
  },
): Promise<RelayFixture> {
  const workspace = await ensureWorkspace(db, {
    name: options.slug,
    slug: options.slug,
  });
  const [connection] = await db
    .insert(trackerConnections)
    .values({
      workspaceId: workspace.id,
      region: "Sandbox",
      baseUrl: options.sandboxUrl,
      accessTokenEncrypted: encryptSecret(FIXTURE_TOKEN),
      accessTokenLast4: FIXTURE_TOKEN.slice(-4),
      timeZone: FIXTURE_TIME_ZONE,
      requestsPerMinute: options.requestsPerMinute,
    })
    .returning();
  const [agent] = await db
    .insert(agents)
    .values({
      workspaceId: workspace.id,
      name: "Backend screener",
      // The column's declared type predates the workflow shape; the sync
      // engine reads both.
      workflow: RESUME_WORKFLOW as unknown as StoredWorkflowStep[],
      jobDescription: "Backend engineer working in TypeScript and Postgres.",
    })
    .returning();

  const mappings: JobMapping[] = [];
  for (const jobId of options.jobIds) {
    mappings.push(
      await createMapping(db, {
        workspaceId: workspace.id,
        connectionId: connection!.id,
        agentId: agent!.id,
        jobId,
      }),
    );
  }
  return {
    workspaceId: workspace.id,
    connection: connection!,
    agentId: agent!.id,
    mappings,
  };
}

/** Maps one Tracker job to the agent, triggered by the Shortlisted stage. */
export async function createMapping(
  db: Db,
  input: {
    workspaceId: string;
    connectionId: string;
    agentId: string;
    jobId: number;
  },
): Promise<JobMapping> {
  const [mapping] = await db
    .insert(jobMappings)
    .values({
      workspaceId: input.workspaceId,
      agentId: input.agentId,
      connectionId: input.connectionId,
      trackerJobId: input.jobId,
      jobTitle: `Job ${input.jobId}`,
      triggerStatusId: STATUS.shortlisted,
      triggerStatusName: "Shortlisted",
      triggerGroup: "Shortlisted",
    })
    .returning();
  return mapping!;
}
