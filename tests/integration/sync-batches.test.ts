/**
 * Tests intake and write-back of several candidates in one batch, as the
 * queue handlers run them, against the Tracker sandbox.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import {
  agents,
  candidates,
  outboxMessages,
  screenings,
  trackerConnections,
  writeBacks,
  type StoredWorkflowStep,
} from "@/db/schema";
import { createDemoFormWorkflow } from "@/lib/channels/dev/demo-screening";
import { installChannelWorkflowRunner } from "@/lib/channels/workflow/channel-workflow-runner";
import { intakeScreenings, MAX_INTAKE_ATTEMPTS } from "@/lib/sync/intake";
import { pollConnection } from "@/lib/sync/poll-connection";
import { setWorkflowRunner } from "@/lib/sync/workflow-runner";
import { writeBackScreenings } from "@/lib/sync/write-back";

import {
  JOB,
  SANDBOX_DB,
  STATUS,
  placementsOn,
  startSyncHarness,
  type SyncHarness,
} from "./sync-harness";

let harness: SyncHarness | undefined;

vi.setConfig({ testTimeout: 120_000 });

afterEach(async () => {
  setWorkflowRunner(undefined);
  await harness?.close();
  harness = undefined;
});

const APPLICANTS = [
  { firstName: "Sarah", resume: "sarah-johnson-senior-react-developer.pdf" },
  { firstName: "Omar", resume: "docx" },
  { firstName: "Lena", resume: "none" },
] as const;

/** Pulls three applicants into the trigger stage and returns their ids. */
async function pullThree() {
  harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
  await harness.createMapping();
  await pollConnection(harness.connection.id);
  const added = APPLICANTS.map((applicant) =>
    harness!.sandbox.state.addApplicant(SANDBOX_DB, {
      jobId: JOB.mapped,
      firstName: applicant.firstName,
      surname: "Batch",
      email: `${applicant.firstName.toLowerCase()}@example.test`,
      statusId: STATUS.shortlisted,
      resume: applicant.resume,
      skills: ["TypeScript"],
    }),
  );
  const poll = await pollConnection(harness.connection.id);
  expect(poll.pulledScreeningIds).toHaveLength(3);
  return { ids: poll.pulledScreeningIds, added };
}

async function rowsOf(ids: readonly string[]) {
  const rows = await harness!.database.db
    .select()
    .from(screenings)
    .where(inArray(screenings.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

async function writeBackOf(id: string) {
  return (await harness!.writeBackOf(id))!;
}

function activitiesOf(resourceId: number) {
  return harness!.activitiesOf(resourceId);
}

describe("batch intake", () => {
  it("links each screening to its candidate", async () => {
    const { ids, added } = await pullThree();

    const results = await intakeScreenings(ids);

    expect(results.map((result) => result.status)).toEqual([
      "dispatched",
      "dispatched",
      "dispatched",
    ]);
    for (const result of results) {
      expect(result.trackerRequests).toBeGreaterThanOrEqual(2);
      expect(result.trackerRequests).toBeLessThanOrEqual(3);
    }
    const rows = await rowsOf(ids);
    const stored = await harness!.database.db.select().from(candidates);
    expect(stored).toHaveLength(3);
    const byId = new Map(stored.map((row) => [row.id, row]));
    for (const id of ids) {
      const row = rows.get(id)!;
      expect(row.state).toBe("completed");
      const candidate = byId.get(row.candidateId!)!;
      // The stored candidate is the one this screening's placement named.
      expect(candidate.trackerCandidateId).toBe(row.trackerCandidateId);
      const applicant = added.find(
        (entry) => entry.resourceId === row.trackerCandidateId,
      )!;
      const index = added.indexOf(applicant);
      expect(candidate.email).toBe(
        `${APPLICANTS[index]!.firstName.toLowerCase()}@example.test`,
      );
    }
    const lena = stored.find((row) => row.firstName === "Lena")!;
    expect(lena.resumeContent).toBeNull();

    // A second batch over the same ids finds nothing left to claim.
    const again = await intakeScreenings(ids);
    expect(again.map((result) => result.status)).toEqual([
      "skipped",
      "skipped",
      "skipped",
    ]);
  });

  it("invites every form candidate", async () => {
    installChannelWorkflowRunner();
    const { ids } = await pullThree();
    await harness!.database.db
      .update(agents)
      .set({
        workflow: createDemoFormWorkflow() as unknown as StoredWorkflowStep[],
      })
      .where(eq(agents.id, harness!.agentId));

    const results = await intakeScreenings(ids);

    expect(results.map((result) => result.status)).toEqual([
      "dispatched",
      "dispatched",
      "dispatched",
    ]);
    // The form step reads the candidate from the screening, so each one
    // is linked before its workflow starts.
    for (const row of (await rowsOf(ids)).values()) {
      expect(row.state).toBe("invited");
      expect(row.candidateId).not.toBeNull();
      expect(row.dispatchedAt).not.toBeNull();
    }
    const sent = await harness!.database.db.select().from(outboxMessages);
    expect(sent.map((message) => message.toAddress).sort()).toEqual([
      "lena@example.test",
      "omar@example.test",
      "sarah@example.test",
    ]);
  });

  it("stops at a rejected token", async () => {
    const { ids } = await pullThree();
    harness!.sandbox.state.regenerateAccessToken(SANDBOX_DB);
    harness!.sandbox.state.clearRequestLog();

    const results = await intakeScreenings(ids);

    expect(results.map((result) => result.status)).toEqual([
      "paused",
      "paused",
      "paused",
    ]);
    expect(results[1]!.trackerRequests).toBe(0);
    expect(results[2]!.trackerRequests).toBe(0);
    expect(harness!.sandbox.state.requestLog()).toHaveLength(
      results[0]!.trackerRequests,
    );
    expect(await harness!.connectionStatus()).toBe("needs_token");
    for (const row of (await rowsOf(ids)).values()) {
      expect(row.state).toBe("pulled");
      expect(row.intakeAttempts).toBe(0);
      expect(row.intakeLeaseExpiresAt).toBeNull();
    }
  });
});

describe("batch intake with a rejected row", () => {
  // A check constraint makes the database reject Omar's candidate row, as
  // it would a value it cannot store.
  async function rejectOmar() {
    await harness!.database.db.execute(
      sql`alter table candidates add constraint candidates_reject_omar
        check (first_name is distinct from 'Omar')`,
    );
  }

  it("retries the rejected candidate alone", async () => {
    const { ids } = await pullThree();
    await rejectOmar();

    const results = await intakeScreenings(ids);

    expect(results.map((result) => result.status)).toEqual([
      "dispatched",
      "retry",
      "dispatched",
    ]);
    expect(results[1]!.reason).toMatch(/^Database query failed: /);
    expect(results[1]!.reason).not.toMatch(/omar@example\.test/);
    const rows = await rowsOf(ids);
    expect(rows.get(ids[0]!)!.state).toBe("completed");
    expect(rows.get(ids[1]!)!.state).toBe("pulled");
    expect(rows.get(ids[1]!)!.candidateId).toBeNull();
    expect(rows.get(ids[2]!)!.state).toBe("completed");
  });

  it("fails the rejected candidate at the cap", async () => {
    const { ids } = await pullThree();
    await rejectOmar();
    const rejected = ids[1]!;

    for (let run = 1; run <= MAX_INTAKE_ATTEMPTS; run += 1) {
      // Each run comes after the retry time has passed.
      await harness!.database.db
        .update(screenings)
        .set({ intakeLeaseExpiresAt: null })
        .where(eq(screenings.id, rejected));
      await intakeScreenings([rejected]);
    }

    const row = (await rowsOf([rejected])).get(rejected)!;
    expect(row.intakeAttempts).toBe(MAX_INTAKE_ATTEMPTS);
    expect(row.state).toBe("failed");
  });
});

describe("batch with an unreadable token", () => {
  // A stored token encrypted with a key that is no longer configured.
  async function loseTokenKey() {
    await harness!.database.db
      .update(trackerConnections)
      .set({ accessTokenEncrypted: "v1.retired.AAAA.AAAA.AAAA" })
      .where(eq(trackerConnections.id, harness!.connection.id));
  }

  it("puts intake back with the reason", async () => {
    const { ids } = await pullThree();
    await loseTokenKey();

    const results = await intakeScreenings(ids);

    for (const result of results) {
      expect(result.status).toBe("retry");
      expect(result.reason).toMatch(/ENCRYPTION_KEYS/);
      expect(result.trackerRequests).toBe(0);
    }
    for (const row of (await rowsOf(ids)).values()) {
      expect(row.state).toBe("pulled");
      expect(row.intakeAttempts).toBe(0);
      expect(row.intakeLeaseExpiresAt).toBeNull();
    }
  });

  it("puts write-backs back with the reason", async () => {
    const { ids } = await pullThree();
    await intakeScreenings(ids);
    await loseTokenKey();

    const results = await writeBackScreenings(ids);

    for (const [index, result] of results.entries()) {
      expect(result.status).toBe("retry");
      const row = await writeBackOf(ids[index]!);
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(0);
      expect(row.lastError).toMatch(/ENCRYPTION_KEYS/);
    }
  });
});

describe("batch write-back", () => {
  it("keeps no marks after an abort", async () => {
    const { ids } = await pullThree();
    await intakeScreenings(ids);
    harness!.sandbox.state.clearRequestLog();
    const controller = new AbortController();
    controller.abort();

    const results = await writeBackScreenings(ids, {
      signal: controller.signal,
    });

    expect(results.map((result) => result.status)).toEqual([
      "deferred",
      "deferred",
      "deferred",
    ]);
    expect(harness!.sandbox.state.requestLog()).toEqual([]);
    for (const id of ids) {
      const row = await writeBackOf(id);
      expect(row.attempts).toBe(0);
      expect(row.activityAttemptedAt).toBeNull();
      expect(row.documentAttemptedAt).toBeNull();
    }
  });

  it("writes a re-screen of one candidate", async () => {
    const { ids, added } = await pullThree();
    const [first] = await harness!.database.db
      .select()
      .from(screenings)
      .where(eq(screenings.id, ids[0]!));
    const {
      id: _id,
      reportToken: _reportToken,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      ...copy
    } = first!;
    const [rescreen] = await harness!.database.db
      .insert(screenings)
      .values({ ...copy, rescreenNumber: 1 })
      .returning();
    const pair = [first!.id, rescreen!.id];

    const intake = await intakeScreenings(pair);

    expect(intake.map((result) => result.status)).toEqual([
      "dispatched",
      "dispatched",
    ]);
    const rows = await rowsOf(pair);
    expect(rows.get(pair[0]!)!.candidateId).toBe(
      rows.get(pair[1]!)!.candidateId,
    );

    // The first Activity's reply is lost. Its retry has to find its own
    // Activity by the reference line, not the re-screen's.
    harness!.sandbox.state.setFaults({ dropAfterWrite: 1 });
    const cut = await writeBackScreenings(pair);
    expect(cut.map((result) => result.status)).toEqual(["retry", "succeeded"]);
    await harness!.database.db
      .update(writeBacks)
      .set({ nextAttemptAt: new Date() })
      .where(eq(writeBacks.screeningId, pair[0]!));
    const retried = await writeBackScreenings(pair);
    expect(retried[0]!.status).toBe("succeeded");

    const resourceId = rows.get(pair[0]!)!.trackerCandidateId;
    expect(added.some((entry) => entry.resourceId === resourceId)).toBe(true);
    const activities = activitiesOf(resourceId);
    expect(activities).toHaveLength(2);
    const written = await Promise.all(pair.map((id) => writeBackOf(id)));
    expect(new Set(written.map((row) => row.activityId))).toEqual(
      new Set(activities.map((activity) => activity.id)),
    );
  });

  it("puts back work past the deadline", async () => {
    const { ids, added } = await pullThree();
    await intakeScreenings(ids);
    const rows = await rowsOf(ids);

    // The first write-back always starts; the deadline has passed for
    // the others, so they go back as they were.
    const cut = await writeBackScreenings(ids, { deadline: Date.now() });

    expect(cut.map((result) => result.status)).toEqual([
      "succeeded",
      "deferred",
      "deferred",
    ]);
    for (const id of ids.slice(1)) {
      const row = await writeBackOf(id);
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(0);
      expect(row.activityAttemptedAt).toBeNull();
      expect(row.documentAttemptedAt).toBeNull();
    }

    harness!.sandbox.state.clearRequestLog();
    const rest = await writeBackScreenings(ids.slice(1));

    expect(rest.map((result) => result.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
    // Nothing was sent for them before, so nothing is looked up: one
    // Activity and one report each.
    const sent = harness!.sandbox.state.requestLog();
    expect(sent.filter((entry) => entry.method === "GET")).toEqual([]);
    expect(sent).toHaveLength(4);
    for (const id of ids) {
      const row = await writeBackOf(id);
      expect(row.status).toBe("succeeded");
      expect(row.activityId).not.toBeNull();
      expect(row.documentId).not.toBeNull();
      const resourceId = rows.get(id)!.trackerCandidateId;
      expect(activitiesOf(resourceId)).toHaveLength(1);
      expect(activitiesOf(resourceId)[0]!.id).toBe(row.activityId);
    }
    expect(added).toHaveLength(3);
    const moved = await rowsOf(ids);
    for (const id of ids) {
      expect(moved.get(id)!.state).toBe("written_back");
      expect(moved.get(id)!.writtenBackAt).not.toBeNull();
    }
  });

  it("isolates one failed write", async () => {
    const { ids } = await pullThree();
    await intakeScreenings(ids);
    // Tracker stores the first Activity but its reply is lost. A write is
    // not retried within the attempt, so that write-back waits for the
    // next attempt while the others finish.
    harness!.sandbox.state.setFaults({ dropAfterWrite: 1 });

    const first = await writeBackScreenings(ids);

    expect(first.map((result) => result.status)).toEqual([
      "retry",
      "succeeded",
      "succeeded",
    ]);
    const retried = await writeBackOf(ids[0]!);
    expect(retried.status).toBe("pending");
    expect(retried.activityAttemptedAt).not.toBeNull();

    await harness!.database.db
      .update(writeBacks)
      .set({ nextAttemptAt: new Date() })
      .where(eq(writeBacks.screeningId, ids[0]!));
    const second = await writeBackScreenings([ids[0]!]);
    expect(second[0]!.status).toBe("succeeded");
    const rows = await rowsOf(ids);
    for (const id of ids) {
      expect(activitiesOf(rows.get(id)!.trackerCandidateId)).toHaveLength(1);
    }
  });
});
