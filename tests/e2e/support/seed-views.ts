import { and, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";
import {
  agents,
  candidates,
  jobMappings,
  screeningEvents,
  screenings,
  syncRuns,
  trackerConnections,
  writeBacks,
  type ScreeningState,
} from "@/db/schema";
import type { ScreeningResult } from "@/lib/screening/result";

/**
 * Sync runs and screenings for the recruiter views: a finished poll, an
 * intake batch, a write-back batch with one success and one failure, and
 * a poll still running. Times are set relative to `now` so the runs fall
 * inside the default chart range.
 */

export const VIEWS_SEED = {
  agentName: "Warehouse screening (views)",
  jobs: [
    { trackerJobId: 9101, title: "Forklift operator" },
    { trackerJobId: 9102, title: "Picker packer" },
  ],
  failedCandidate: { firstName: "Fran", lastName: "Failing" },
  writtenCandidate: { firstName: "Wendy", lastName: "Written" },
  activityId: 77001,
  writeBackError:
    "Tracker create activity for id 5003 failed (HTTP 503): service " +
    "unavailable",
};

const MINUTE = 60_000;

export type SeededViews = {
  connectionId: string;
  agentId: string;
  mappingIds: string[];
  screeningIds: Record<string, string>;
  runIds: {
    poll: string;
    intake: string;
    writeBack: string;
    running: string;
  };
};

async function ensureConnection(db: Db, workspaceId: string) {
  // A workspace has at most one connection; reuse one another seed made.
  await db
    .insert(trackerConnections)
    .values({
      workspaceId,
      region: "Sandbox",
      accessTokenEncrypted: "seeded-views-not-a-real-token",
      accessTokenLast4: "0000",
      timeZone: "UTC",
    })
    .onConflictDoNothing();
  const [connection] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.workspaceId, workspaceId));
  return connection!;
}

function result(score: number, passed: boolean): ScreeningResult {
  const completedAt = new Date(Date.now() - 30 * MINUTE).toISOString();
  return {
    status: "completed",
    overallScore: score,
    passingScore: 60,
    passed,
    summary: passed
      ? "Meets the forklift licence and experience requirements."
      : "No forklift licence found in the resume.",
    highlights: ["Counterbalance forklift licence"],
    lowlights: passed ? [] : ["No licence"],
    steps: [
      {
        stepId: "resume",
        kind: "resume",
        status: "completed",
        score,
        weight: 1,
        reason: null,
        highlights: ["3 years in a distribution centre"],
        lowlights: [],
        criteria: [
          {
            criterionId: "licence",
            name: "Forklift licence",
            score,
            weight: 2,
            met: passed,
            dealbreaker: false,
            matchedKeywords: passed ? ["forklift licence"] : [],
            missingKeywords: passed ? [] : ["forklift licence"],
            years: passed ? 3 : null,
            minYears: 1,
            evidence: passed
              ? ["Held a counterbalance forklift licence since 2021"]
              : [],
          },
        ],
        answers: [],
        transcript: [],
        media: [
          {
            stepId: "resume",
            kind: "document",
            url: "http://127.0.0.1/media/resume.pdf",
            label: "Resume",
          },
        ],
        completedAt,
      },
    ],
    transcript: [],
    media: [],
    completedAt,
  };
}

export async function seedViews(
  db: Db,
  workspaceId: string,
  now = new Date(),
): Promise<SeededViews> {
  const at = (minutesAgo: number) =>
    new Date(now.getTime() - minutesAgo * MINUTE);
  const connection = await ensureConnection(db, workspaceId);

  await db
    .insert(agents)
    .values({
      workspaceId,
      name: VIEWS_SEED.agentName,
      workflow: [{ id: "resume", kind: "resume", weight: 1, criteria: [] }],
    })
    .onConflictDoNothing();
  const [agent] = await db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.workspaceId, workspaceId),
        eq(agents.name, VIEWS_SEED.agentName),
      ),
    );

  const mappings = await db
    .insert(jobMappings)
    .values(
      VIEWS_SEED.jobs.map((job, index) => ({
        workspaceId,
        agentId: agent!.id,
        connectionId: connection.id,
        trackerJobId: job.trackerJobId,
        jobTitle: job.title,
        triggerStatusId: 300 + index,
        triggerStatusName: "Phone screen",
        triggerGroup: "Shortlisted",
        baselineRecordedAt: at(600),
      })),
    )
    .returning();

  const people: {
    key: string;
    firstName: string;
    lastName: string;
    state: ScreeningState;
    score: number | null;
    mapping: number;
  }[] = [
    {
      key: "written",
      ...VIEWS_SEED.writtenCandidate,
      state: "written_back",
      score: 82,
      mapping: 0,
    },
    {
      key: "failed",
      ...VIEWS_SEED.failedCandidate,
      state: "completed",
      score: 41,
      mapping: 0,
    },
    {
      key: "invited",
      firstName: "Ivan",
      lastName: "Invited",
      state: "invited",
      score: null,
      mapping: 1,
    },
    {
      key: "pulled",
      firstName: "Pia",
      lastName: "Pulled",
      state: "pulled",
      score: null,
      mapping: 1,
    },
  ];

  const screeningIds: Record<string, string> = {};
  for (const [index, person] of people.entries()) {
    const trackerCandidateId = 5001 + index;
    const [candidate] = await db
      .insert(candidates)
      .values({
        workspaceId,
        connectionId: connection.id,
        trackerCandidateId,
        firstName: person.firstName,
        lastName: person.lastName,
        email: `${person.firstName.toLowerCase()}@candidates.test`,
      })
      .returning();
    const mapping = mappings[person.mapping]!;
    const finished = ["completed", "written_back"].includes(person.state);
    const [screening] = await db
      .insert(screenings)
      .values({
        workspaceId,
        connectionId: connection.id,
        mappingId: mapping.id,
        agentId: agent!.id,
        source: "poll",
        trackerPlacementId: 8001 + index,
        trackerJobId: mapping.trackerJobId,
        trackerCandidateId,
        candidateId: candidate!.id,
        state: person.state,
        score: person.score,
        summary: finished
          ? result(person.score!, person.score! >= 60).summary
          : null,
        result: finished ? result(person.score!, person.score! >= 60) : null,
        completedAt: finished ? at(30) : null,
        writtenBackAt: person.state === "written_back" ? at(10) : null,
        createdAt: at(120),
      })
      .returning();
    screeningIds[person.key] = screening!.id;

    const path: [ScreeningState | null, ScreeningState, number][] = [
      [null, "pulled", 119],
    ];
    if (person.state !== "pulled") path.push(["pulled", "invited", 89]);
    if (finished) path.push(["invited", "completed", 30]);
    if (person.state === "written_back") {
      path.push(["completed", "written_back", 10]);
    }
    await db.insert(screeningEvents).values(
      path.map(([fromState, toState, minutesAgo]) => ({
        screeningId: screening!.id,
        fromState,
        toState,
        detail: toState === "pulled" ? "entered the trigger stage" : null,
        createdAt: at(minutesAgo),
      })),
    );
  }

  await db.insert(writeBacks).values([
    {
      screeningId: screeningIds.written!,
      workspaceId,
      connectionId: connection.id,
      status: "succeeded",
      attempts: 1,
      activityId: VIEWS_SEED.activityId,
      completedAt: at(10),
      updatedAt: at(10),
    },
    {
      screeningId: screeningIds.failed!,
      workspaceId,
      connectionId: connection.id,
      status: "failed",
      attempts: 5,
      lastError: VIEWS_SEED.writeBackError,
      activityAttemptedAt: at(9),
      updatedAt: at(9),
    },
  ]);

  const runBase = { workspaceId, connectionId: connection.id };
  const mappingCounts = Object.fromEntries(
    mappings.map((mapping) => [
      mapping.id,
      {
        placementsScanned: 20,
        candidatesPulled: 2,
        baselineOnly: false,
      },
    ]),
  );
  const [poll, intake, writeBack, running] = await db
    .insert(syncRuns)
    .values([
      {
        ...runBase,
        kind: "poll" as const,
        status: "succeeded" as const,
        startedAt: at(121),
        finishedAt: at(118),
        pagesRead: 1,
        placementsScanned: 40,
        candidatesPulled: 4,
        trackerRequests: 3,
        mappingCounts,
      },
      {
        ...runBase,
        kind: "intake" as const,
        status: "succeeded" as const,
        startedAt: at(90),
        finishedAt: at(88),
        screeningsDispatched: 3,
        trackerRequests: 6,
      },
      {
        ...runBase,
        kind: "write_back" as const,
        status: "failed" as const,
        startedAt: at(11),
        finishedAt: at(8),
        resultsWrittenBack: 1,
        failures: 1,
        trackerRequests: 4,
        error: "1 of 2 write-backs failed",
      },
      {
        ...runBase,
        kind: "poll" as const,
        status: "running" as const,
        startedAt: at(1),
        mappingCounts,
      },
    ])
    .returning({ id: syncRuns.id });

  return {
    connectionId: connection.id,
    agentId: agent!.id,
    mappingIds: mappings.map((mapping) => mapping.id),
    screeningIds,
    runIds: {
      poll: poll!.id,
      intake: intake!.id,
      writeBack: writeBack!.id,
      running: running!.id,
    },
  };
}

/**
 * The workspace the view journeys sign in to. It is separate from the demo
 * workspace so the connection seeded here never collides with the journeys
 * that connect Tracker through the Integrations page.
 */
export const VIEWS_WORKSPACE = { name: "Views Agency", slug: "views" };

export const VIEWS_ADMIN = {
  email: "admin@views.test",
  name: "Vera Views-Admin",
  password: "relay-views-admin",
  role: "admin" as const,
};

export const VIEWS_VIEWER = {
  email: "viewer@views.test",
  name: "Val Views-Viewer",
  password: "relay-views-viewer",
  role: "viewer" as const,
};

export const VIEWS_TOKEN_REASON =
  "Tracker exchange token failed (HTTP 401): access token no longer valid";

/**
 * Seeds the views workspace, its admin and viewer, and its runs and
 * screenings. The connection is left needing a token, so a sync scheduler
 * in the e2e server skips it instead of calling Tracker with a fake token.
 */
export async function seedViewsWorkspace(db: Db): Promise<SeededViews> {
  const workspace = await ensureWorkspace(db, VIEWS_WORKSPACE);
  await ensureMember(db, workspace.id, VIEWS_ADMIN);
  await ensureMember(db, workspace.id, VIEWS_VIEWER);
  const seeded = await seedViews(db, workspace.id);
  await db
    .update(trackerConnections)
    .set({ status: "needs_token", statusReason: VIEWS_TOKEN_REASON })
    .where(eq(trackerConnections.id, seeded.connectionId));
  return seeded;
}
