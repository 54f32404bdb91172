/**
 * Intake and write-back against the Tracker sandbox: a pulled candidate is
 * read, scored by the resume workflow and written back as exactly one
 * Activity with the PDF report, through lost replies, failures and a
 * rejected token.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { candidates, jobMappings, screenings, writeBacks } from "@/db/schema";
import { enqueueDueWriteBacks } from "@/lib/sync/due-work";
import { intakeScreening } from "@/lib/sync/intake";
import { pollConnection } from "@/lib/sync/poll-connection";
import { DEADLINE_GRACE_MS } from "@/lib/sync/tracker-client";
import {
  REPORT_NOT_ATTACHED,
  retryWriteBack,
  writeBackScreening,
} from "@/lib/sync/write-back";

import {
  JOB,
  SANDBOX_DB,
  STATUS,
  placementIdOf,
  placementsOn,
  startSyncHarness,
  type SyncHarness,
} from "./sync-harness";

let harness: SyncHarness | undefined;

// Each test starts a sandbox and a migrated database; PGlite on a busy
// machine needs more than the default 30 s for that plus the scenario.
vi.setConfig({ testTimeout: 120_000 });

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Pulls one applicant with a PDF resume and runs intake on them. */
async function finalScreening() {
  harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
  await harness.createMapping();
  await pollConnection(harness.connection.id);
  const applicant = harness.sandbox.state.addApplicant(SANDBOX_DB, {
    jobId: JOB.mapped,
    firstName: "Sarah",
    surname: "Johnson",
    email: "sarah@example.test",
    mobilePhone: "+1 555 0100",
    statusId: STATUS.shortlisted,
    resume: "sarah-johnson-senior-react-developer.pdf",
  });
  const poll = await pollConnection(harness.connection.id);
  const screeningId = poll.pulledScreeningIds[0]!;
  const intake = await intakeScreening(screeningId);
  return { screeningId, intake, applicant };
}

async function screening(id: string) {
  const [row] = await harness!.database.db
    .select()
    .from(screenings)
    .where(eq(screenings.id, id));
  return row!;
}

function writeBackOrNull(id: string) {
  return harness!.writeBackOf(id);
}

async function writeBack(id: string) {
  return (await harness!.writeBackOf(id))!;
}

function activitiesOf(resourceId: number) {
  return harness!.activitiesOf(resourceId);
}

function reportsOf(resourceId: number) {
  return harness!.sandbox.state
    .listUploadedDocuments(SANDBOX_DB)
    .filter((document) => document.resourceId === resourceId);
}

async function makeDue(id: string) {
  await harness!.database.db
    .update(writeBacks)
    .set({ nextAttemptAt: sql`now()` })
    .where(eq(writeBacks.screeningId, id));
}

describe("intake", () => {
  it("stores the candidate and scores the resume", async () => {
    const { screeningId, intake, applicant } = await finalScreening();

    expect(intake.status).toBe("dispatched");
    const row = await screening(screeningId);
    expect(row.state).toBe("completed");
    expect(row.score).not.toBeNull();
    expect(row.summary).toMatch(/Scored|Not scored/);
    const [stored] = await harness!.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, row.candidateId!));
    expect(stored!.trackerCandidateId).toBe(applicant.resourceId);
    expect(stored!.email).toBe("sarah@example.test");
    expect(stored!.mobilePhone).toBe("+1 555 0100");
    expect(stored!.resumeContent?.subarray(0, 4).toString()).toBe("%PDF");
    expect((await writeBack(screeningId)).status).toBe("pending");
  });

  it("fails when the mapping was removed", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.movePlacement(SANDBOX_DB, placementIdOf(0), {
      statusId: STATUS.shortlisted,
    });
    const poll = await pollConnection(harness.connection.id);
    const screeningId = poll.pulledScreeningIds[0]!;
    await harness.database.db
      .update(jobMappings)
      .set({ status: "removed" })
      .where(eq(jobMappings.id, mapping.id));

    const result = await intakeScreening(screeningId);

    expect(result.status).toBe("failed");
    const row = await screening(screeningId);
    expect(row.state).toBe("failed");
    expect(row.failureReason).toMatch(/mapping was removed/);
    expect(await writeBackOrNull(screeningId)).toBeNull();
  });

  it("runs once for a screening", async () => {
    const { screeningId } = await finalScreening();
    const again = await intakeScreening(screeningId);
    expect(again.status).toBe("skipped");
  });
});

describe("deadline", () => {
  it("puts intake back without using an attempt", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
    await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.addApplicant(SANDBOX_DB, {
      jobId: JOB.mapped,
      firstName: "Slow",
      surname: "Reply",
      statusId: STATUS.shortlisted,
    });
    const poll = await pollConnection(harness.connection.id);
    const screeningId = poll.pulledScreeningIds[0]!;
    harness.sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 2_000 });

    // The deadline's abort fires 300 ms into the slow request.
    const result = await intakeScreening(screeningId, {
      deadline: Date.now() - DEADLINE_GRACE_MS + 300,
    });

    expect(result.status).toBe("deferred");
    const row = await screening(screeningId);
    expect(row.state).toBe("pulled");
    expect(row.intakeAttempts).toBe(0);
    expect(row.intakeLeaseExpiresAt).toBeNull();
    expect((await intakeScreening(screeningId)).status).toBe("dispatched");
  });

  it("looks up an Activity cut off mid-request", async () => {
    const { screeningId, applicant } = await finalScreening();
    harness!.sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 1_000 });

    const cut = await writeBackScreening(screeningId, {
      deadline: Date.now() - DEADLINE_GRACE_MS + 300,
    });
    expect(cut.status).toBe("deferred");
    const pending = await writeBack(screeningId);
    expect(pending.status).toBe("pending");
    expect(pending.attempts).toBe(0);
    expect(pending.activityAttemptedAt).not.toBeNull();
    // The POST may still be in flight, so the retry waits a request timeout.
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect((await writeBackScreening(screeningId)).status).toBe("skipped");

    // Let the sandbox finish the slow request, then make the retry due.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await harness!.database.db
      .update(writeBacks)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(writeBacks.screeningId, screeningId));
    const done = await writeBackScreening(screeningId);
    expect(done.status).toBe("succeeded");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
  });
});

describe("write-back", () => {
  it("writes one Activity and the report", async () => {
    const { screeningId, applicant } = await finalScreening();

    const result = await writeBackScreening(screeningId);

    expect(result.status).toBe("succeeded");
    const activities = activitiesOf(applicant.resourceId);
    expect(activities).toHaveLength(1);
    const [activity] = activities;
    expect(activity!.subject).toContain("Backend screener");
    expect(activity!.note).toContain(`Tracker Relay ref: ${screeningId}`);
    expect(activity!.note).toMatch(
      /Report \(PDF\): http.*\/report\/[0-9a-f]{64}/,
    );
    expect(activity!.note).toMatch(
      /Completed: \d{4}-\d\d-\d\d \d\d:\d\d \(America\/Chicago\)/,
    );
    expect(activity!.opportunityId).toBe(JOB.mapped);
    const reports = reportsOf(applicant.resourceId);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.filename).toBe(`screening-report-${screeningId}.pdf`);
    expect((await screening(screeningId)).state).toBe("written_back");
    expect((await writeBack(screeningId)).status).toBe("succeeded");

    const repeat = await writeBackScreening(screeningId);
    expect(repeat.status).toBe("skipped");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
  });

  it("finds a committed Activity after a lost reply", async () => {
    const { screeningId, applicant } = await finalScreening();
    harness!.sandbox.state.setFaults({ dropAfterWrite: 1 });

    const first = await writeBackScreening(screeningId);
    expect(first.status).toBe("retry");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
    const pending = await writeBack(screeningId);
    expect(pending.status).toBe("pending");
    expect(pending.activityAttemptedAt).not.toBeNull();
    expect(pending.activityId).toBeNull();

    await makeDue(screeningId);
    const second = await writeBackScreening(screeningId);

    expect(second.status).toBe("succeeded");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
    expect(reportsOf(applicant.resourceId)).toHaveLength(1);
    const done = await writeBack(screeningId);
    expect(done.activityId).toBe(activitiesOf(applicant.resourceId)[0]!.id);
  });

  it("finds a committed report after a lost reply", async () => {
    const { screeningId, applicant } = await finalScreening();
    const first = await writeBackScreening(screeningId);
    expect(first.status).toBe("succeeded");
    // Replay the upload alone: forget the report and lose its next reply.
    await harness!.database.db
      .update(writeBacks)
      .set({ status: "pending", documentId: null, documentAttemptedAt: null })
      .where(eq(writeBacks.screeningId, screeningId));
    await harness!.database.db
      .update(screenings)
      .set({ state: "completed" })
      .where(eq(screenings.id, screeningId));
    const uploadedBefore = reportsOf(applicant.resourceId).length;
    harness!.sandbox.state.setFaults({ dropAfterWrite: 1 });

    const lost = await writeBackScreening(screeningId);
    expect(lost.status).toBe("retry");
    expect(reportsOf(applicant.resourceId)).toHaveLength(uploadedBefore + 1);

    await makeDue(screeningId);
    const second = await writeBackScreening(screeningId);
    expect(second.status).toBe("succeeded");
    expect(reportsOf(applicant.resourceId)).toHaveLength(uploadedBefore + 1);
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
  });

  it("links the report when uploads are missing", async () => {
    const { screeningId, applicant } = await finalScreening();
    harness!.sandbox.state.updateSettings({ documentUploadEnabled: false });

    const result = await writeBackScreening(screeningId);

    expect(result.status).toBe("succeeded");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
    expect(reportsOf(applicant.resourceId)).toHaveLength(0);
    const row = await writeBack(screeningId);
    expect(row.documentId).toBeNull();
    expect(row.lastError).toBe(REPORT_NOT_ATTACHED);
    expect((await screening(screeningId)).state).toBe("written_back");
  });

  it("marks a rejected write failed until an admin retries", async () => {
    const { screeningId, applicant } = await finalScreening();
    harness!.sandbox.state.updateSettings({ activityEndpointEnabled: false });

    const failed = await writeBackScreening(screeningId);

    expect(failed.status).toBe("failed");
    const row = await writeBack(screeningId);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/createActivity.*404/);
    expect(await enqueueDueWriteBacks()).toBe(0);

    expect(await retryWriteBack(harness!.workspaceId, screeningId)).toBe(true);
    harness!.sandbox.state.updateSettings({ activityEndpointEnabled: true });
    const retried = await writeBackScreening(screeningId);
    expect(retried.status).toBe("succeeded");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
  });

  it("rejects a retry from another workspace", async () => {
    const { screeningId } = await finalScreening();
    harness!.sandbox.state.updateSettings({ activityEndpointEnabled: false });
    await writeBackScreening(screeningId);

    const otherWorkspace = "00000000-0000-4000-8000-000000000000";
    expect(await retryWriteBack(otherWorkspace, screeningId)).toBe(false);
    expect((await writeBack(screeningId)).status).toBe("failed");
  });

  it("pauses on a rejected token and resumes with a new one", async () => {
    const { screeningId, applicant } = await finalScreening();
    harness!.sandbox.state.regenerateAccessToken(SANDBOX_DB);
    harness!.sandbox.state.clearRequestLog();

    const paused = await writeBackScreening(screeningId);

    expect(paused.status).toBe("paused");
    expect(await harness!.connectionStatus()).toBe("needs_token");
    const row = await writeBack(screeningId);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(0);
    expect(await enqueueDueWriteBacks()).toBe(0);
    const again = await writeBackScreening(screeningId);
    expect(again.status).toBe("paused");
    // Paused work sends nothing: no retry storm against Tracker.
    const requestsWhilePaused = harness!.sandbox.state.requestLog().length;
    await writeBackScreening(screeningId);
    expect(harness!.sandbox.state.requestLog()).toHaveLength(
      requestsWhilePaused,
    );

    const token = harness!.sandbox.state.database(SANDBOX_DB).accessToken;
    await harness!.saveAccessToken(token);
    const resumed = await writeBackScreening(screeningId);
    expect(resumed.status).toBe("succeeded");
    expect(activitiesOf(applicant.resourceId)).toHaveLength(1);
  });
});
