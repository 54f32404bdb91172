import { sandboxURL } from "@/playwright.config";

import { JOURNEY_DATABASE } from "./journey-database";

/**
 * Calls to the Tracker sandbox's control API (`/_sandbox/`, loopback only)
 * that the journeys use to act as the recruiter in Tracker and to read
 * what the app wrote back.
 */

const DATABASE = JOURNEY_DATABASE;

export type SandboxActivity = {
  id: number;
  recordType: string;
  recordId: number;
  subject: string;
  note: string;
  opportunityId: number | null;
};

export type SandboxUploadedDocument = {
  id: number;
  resourceId: number;
  filename: string;
  documentType: string;
  size: number;
  filecontent: string;
};

export type SandboxApplicant = {
  resourceId: number;
  placementId: number;
  documentId: number | null;
};

async function control<T>(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${sandboxURL}/_sandbox/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new Error(
      `Sandbox control ${method} /_sandbox/${path} failed ` +
        `(HTTP ${response.status}): ${await response.text()}`,
    );
  }
  return (await response.json()) as T;
}

/** Creates a job in the journey database and returns its id. */
export async function createSandboxJob(name: string): Promise<number> {
  const created = await control<{ id: number }>(
    "POST",
    `databases/${DATABASE}/jobs`,
    { name, clientName: "Journey Client Ltd" },
  );
  return created.id;
}

/**
 * Adds a new candidate placed on a job. `resume` is a fixture PDF name,
 * "docx" or "none", as the control API takes it.
 */
export function addSandboxApplicant(input: {
  jobId: number;
  firstName: string;
  surname: string;
  email?: string;
  mobilePhone?: string;
  statusId: number;
  resume: string;
}): Promise<SandboxApplicant> {
  return control("POST", `databases/${DATABASE}/applicants`, input);
}

/** Moves a placement to another status, as a recruiter would in Tracker. */
export async function moveSandboxPlacement(
  placementId: number,
  statusId: number,
): Promise<void> {
  await control(
    "POST",
    `databases/${DATABASE}/placements/${placementId}/status`,
    {
      statusId,
    },
  );
}

/** Reads the Activities that clients wrote on one candidate. */
export async function sandboxActivitiesFor(
  resourceId: number,
): Promise<SandboxActivity[]> {
  const all = await control<SandboxActivity[]>(
    "GET",
    `databases/${DATABASE}/activities`,
  );
  return all.filter(
    (activity) =>
      activity.recordType.toLowerCase() === "resource" &&
      activity.recordId === resourceId,
  );
}

/** Reads the documents that clients uploaded to one candidate. */
export async function sandboxDocumentsFor(
  resourceId: number,
): Promise<SandboxUploadedDocument[]> {
  const all = await control<SandboxUploadedDocument[]>(
    "GET",
    `databases/${DATABASE}/documents`,
  );
  return all.filter((document) => document.resourceId === resourceId);
}

/**
 * Polls `read` every `intervalMs` until `done` accepts its value, and
 * throws with the step's name and the last value seen when `timeoutMs`
 * passes first.
 */
export async function waitForValue<T>(
  step: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs = 3_000 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${step}: timed out after ${Math.round(timeoutMs / 1000)} s; ` +
          `last seen: ${JSON.stringify(last).slice(0, 1_500)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await read();
  }
  return last;
}
