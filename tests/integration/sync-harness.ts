import { and, eq, sql } from "drizzle-orm";

import {
  agents,
  type StoredWorkflowStep,
  jobMappings,
  screenings,
  trackerConnections,
  trackerSessions,
  writeBacks,
  type JobMapping,
  type TrackerConnection,
  type WriteBack,
} from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { ensureWorkspace } from "@/lib/demo/seed";
import { stopQueue } from "@/lib/queue/boss";
import { setSyncClientTuning } from "@/lib/sync/tracker-client";
import {
  startSandbox,
  type PlacementSeed,
  type RunningSandbox,
  type SandboxDatabaseSeed,
  type SandboxStatus,
} from "@/lib/tracker-sandbox";

import {
  // Renamed: the React hooks lint rule reads any use* call as a hook.
  useTestDatabase as installTestDatabase,
  type TestDatabase,
} from "../helpers/database";
import { RESUME_WORKFLOW } from "../fixtures/workflows";

/**
 * Shared set-up of the sync tests: a fresh database, a Tracker sandbox with
 * one small database whose placement pages are predictable, a workspace
 * connected to it, and a resume-only agent.
 */

export const SANDBOX_DB = "relay-test";
export const ACCESS_TOKEN = "abcdefabcdefabcdefabcdefabcdef01";
export const TIME_ZONE = "America/Chicago";

export const STATUS = {
  applied: 3,
  shortlisted: 4,
  submitted: 5,
  interview: 7,
} as const;

export const JOB = { mapped: 1001, other: 1002 } as const;

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

export type PlacementPlan = {
  jobId: number;
  statusId: number;
  createdAt?: number;
};

/** Builds one candidate and placement per plan entry, ids from 1. */
export function buildSeed(plans: PlacementPlan[]): SandboxDatabaseSeed {
  const placements: PlacementSeed[] = plans.map((plan, index) => ({
    id: 70001 + index,
    jobId: plan.jobId,
    resourceId: 90001 + index,
    statusId: plan.statusId,
    createdAt: plan.createdAt,
  }));
  return {
    name: SANDBOX_DB,
    region: "US",
    timeZone: TIME_ZONE,
    accessToken: ACCESS_TOKEN,
    statuses: STATUSES,
    jobs: [
      { id: JOB.mapped, name: "Backend Engineer" },
      { id: JOB.other, name: "Data Analyst" },
    ],
    candidates: plans.map((_, index) => ({
      id: 90001 + index,
      firstName: "Test",
      surname: `Candidate ${index + 1}`,
      email: `candidate${index + 1}@example.test`,
    })),
    placements,
  };
}

/** `count` placements on `jobId`, all in `statusId`. */
export function placementsOn(
  jobId: number,
  count: number,
  statusId: number = STATUS.applied,
): PlacementPlan[] {
  return Array.from({ length: count }, () => ({ jobId, statusId }));
}

export type SyncHarness = {
  database: TestDatabase;
  sandbox: RunningSandbox;
  workspaceId: string;
  connection: TrackerConnection;
  agentId: string;
  createMapping(options?: {
    jobId?: number;
    triggerStatusId?: number;
  }): Promise<JobMapping>;
  screeningsOf(mappingId: string): Promise<(typeof screenings.$inferSelect)[]>;
  /** Returns a screening's write-back row, or null before one is queued. */
  writeBackOf(screeningId: string): Promise<WriteBack | null>;
  /** Returns the Activities the sandbox holds for a Tracker candidate. */
  activitiesOf(
    resourceId: number,
  ): ReturnType<RunningSandbox["state"]["listActivities"]>;
  connectionStatus(): Promise<string>;
  saveAccessToken(token: string): Promise<void>;
  close(): Promise<void>;
};

let harnessCount = 0;

export async function startSyncHarness(
  plans: PlacementPlan[],
  options: { requestsPerMinute?: number; rateLimitPerMinute?: number } = {},
): Promise<SyncHarness> {
  const database = await installTestDatabase();
  const sandbox = await startSandbox({
    port: 0,
    seedDemo: false,
    databases: [buildSeed(plans)],
    settings: { rateLimitPerMinute: options.rateLimitPerMinute ?? 0 },
  });
  // Short waits keep fault scenarios fast; the retry rules are unchanged.
  setSyncClientTuning({
    timeoutMs: 5_000,
    backoff: { baseDelayMs: 20, maxDelayMs: 200 },
  });

  harnessCount += 1;
  const workspace = await ensureWorkspace(database.db, {
    name: `Sync ${harnessCount}`,
    slug: `sync-${harnessCount}-${Date.now()}`,
  });
  const [connection] = await database.db
    .insert(trackerConnections)
    .values({
      workspaceId: workspace.id,
      region: "Sandbox",
      baseUrl: sandbox.url,
      accessTokenEncrypted: encryptSecret(ACCESS_TOKEN),
      accessTokenLast4: ACCESS_TOKEN.slice(-4),
      timeZone: TIME_ZONE,
      requestsPerMinute: options.requestsPerMinute ?? 10_000,
    })
    .returning();
  const [agent] = await database.db
    .insert(agents)
    .values({
      workspaceId: workspace.id,
      name: "Backend screener",
      // The column's declared type predates the screening workflow shape;
      // the sync engine reads both.
      workflow: RESUME_WORKFLOW as unknown as StoredWorkflowStep[],
      jobDescription: "Backend engineer working in TypeScript and Postgres.",
    })
    .returning();

  return {
    database,
    sandbox,
    workspaceId: workspace.id,
    connection: connection!,
    agentId: agent!.id,
    async createMapping(mappingOptions = {}) {
      const [mapping] = await database.db
        .insert(jobMappings)
        .values({
          workspaceId: workspace.id,
          agentId: agent!.id,
          connectionId: connection!.id,
          trackerJobId: mappingOptions.jobId ?? JOB.mapped,
          jobTitle: "Backend Engineer",
          triggerStatusId: mappingOptions.triggerStatusId ?? STATUS.shortlisted,
          triggerStatusName: "Shortlisted",
          triggerGroup: "Shortlisted",
        })
        .returning();
      return mapping!;
    },
    screeningsOf(mappingId) {
      return database.db
        .select()
        .from(screenings)
        .where(
          and(
            eq(screenings.mappingId, mappingId),
            eq(screenings.workspaceId, workspace.id),
          ),
        );
    },
    async writeBackOf(screeningId) {
      const [row] = await database.db
        .select()
        .from(writeBacks)
        .where(eq(writeBacks.screeningId, screeningId));
      return row ?? null;
    },
    activitiesOf(resourceId) {
      return sandbox.state
        .listActivities(SANDBOX_DB)
        .filter((activity) => activity.recordId === resourceId);
    },
    async connectionStatus() {
      const [row] = await database.db
        .select({ status: trackerConnections.status })
        .from(trackerConnections)
        .where(eq(trackerConnections.id, connection!.id));
      return row!.status;
    },
    async saveAccessToken(token) {
      // The old token's JWT goes with it, as replacing a token does.
      await database.db.delete(trackerSessions).where(sql`true`);
      await database.db
        .update(trackerConnections)
        .set({
          accessTokenEncrypted: encryptSecret(token),
          accessTokenLast4: token.slice(-4),
          status: "connected",
          statusReason: null,
        })
        .where(eq(trackerConnections.id, connection!.id));
    },
    async close() {
      setSyncClientTuning(undefined);
      await stopQueue(database);
      await sandbox.close();
      await database.drop();
    },
  };
}

/** Placement ids the sandbox gave the seed's plans, in plan order. */
export function placementIdOf(index: number): number {
  return 70001 + index;
}
