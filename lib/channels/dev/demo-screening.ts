import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screenings,
  trackerConnections,
  workspaces,
} from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import type { Workflow } from "@/lib/screening/workflow";

/**
 * Builds a screening that waits for a question step, with no Tracker
 * involved: its own workspace, a paused connection (status needs_token, so
 * the poller and write-back skip it), an agent, a removed mapping and one
 * candidate. Tests and the e2e seed start the workflow on it.
 */

export type DemoCandidate = {
  firstName: string;
  lastName: string;
  email: string | null;
  mobilePhone: string | null;
};

export type DemoScreening = {
  workspaceId: string;
  screeningId: string;
  reportToken: string;
};

let placementCounter = 0;

export async function createDemoScreening(
  db: Db,
  options: {
    workflow: Workflow;
    candidate: DemoCandidate;
    workspaceSlug?: string;
    jobTitle?: string;
    timeZone?: string;
    createdAt?: Date;
    // A fixed report token, so an end-to-end test can open the report.
    reportToken?: string;
  },
): Promise<DemoScreening> {
  const slug =
    options.workspaceSlug ?? `channels-${Math.random().toString(36).slice(2)}`;
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: "Northwind Staffing", slug })
    .returning();
  const workspaceId = workspace!.id;

  const [connection] = await db
    .insert(trackerConnections)
    .values({
      workspaceId,
      region: "Sandbox",
      accessTokenEncrypted: encryptSecret("demo-token-never-used"),
      accessTokenLast4: "used",
      timeZone: options.timeZone ?? "UTC",
      status: "needs_token",
      statusReason: "Demo workspace for the candidate channels.",
    })
    .returning();
  const [agent] = await db
    .insert(agents)
    .values({
      workspaceId,
      name: "Support engineer screening",
      // Stored whole so the deadline and passing score survive;
      // readAgentWorkflow reads this form as well as a bare list of steps.
      workflow: options.workflow as never,
      jobDescription: "Customer support engineer for a SaaS product.",
    })
    .returning();
  const [mapping] = await db
    .insert(jobMappings)
    .values({
      workspaceId,
      agentId: agent!.id,
      connectionId: connection!.id,
      trackerJobId: 9001,
      jobTitle: options.jobTitle ?? "Support Engineer",
      triggerStatusId: 1,
      triggerStatusName: "Screening",
      triggerGroup: "Shortlisted",
      status: "removed",
      removedAt: new Date(),
    })
    .returning();

  placementCounter += 1;
  const trackerCandidateId = 7000 + placementCounter;
  const [candidate] = await db
    .insert(candidates)
    .values({
      workspaceId,
      connectionId: connection!.id,
      trackerCandidateId,
      ...options.candidate,
    })
    .returning();
  const [screening] = await db
    .insert(screenings)
    .values({
      workspaceId,
      connectionId: connection!.id,
      mappingId: mapping!.id,
      agentId: agent!.id,
      source: "manual",
      trackerPlacementId: 8000 + placementCounter,
      trackerJobId: 9001,
      trackerCandidateId,
      candidateId: candidate!.id,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      ...(options.reportToken ? { reportToken: options.reportToken } : {}),
    })
    .returning();
  return {
    workspaceId,
    screeningId: screening!.id,
    reportToken: screening!.reportToken,
  };
}

/** Builds a one-step form workflow with a dealbreaker, for demos and tests. */
export function createDemoFormWorkflow(): Workflow {
  return {
    steps: [
      {
        id: "form",
        kind: "form",
        weight: 1,
        reminders: {
          enabled: true,
          intervalHours: 24,
          maxReminders: 2,
          sendingHours: { start: 9, end: 18 },
        },
        questions: [
          {
            id: "work-authorization",
            type: "yes_no",
            prompt: "Are you authorized to work in the country of this job?",
            expected: "yes",
            weight: 1,
            dealbreaker: true,
          },
          {
            id: "years-experience",
            type: "number",
            prompt: "How many years of support experience do you have?",
            min: 2,
            weight: 1,
            dealbreaker: false,
          },
          {
            id: "shift",
            type: "choice",
            prompt: "Which shift suits you?",
            options: ["Morning", "Evening", "Night"],
            accepted: ["Morning", "Evening"],
            weight: 1,
            dealbreaker: false,
          },
          {
            id: "motivation",
            type: "text",
            prompt: "Tell us about a hard support ticket you solved.",
            keywords: [{ term: "customer", synonyms: ["client", "user"] }],
            weight: 1,
            dealbreaker: false,
          },
        ],
      },
    ],
    passingScore: 60,
    deadlineHours: 72,
  };
}
