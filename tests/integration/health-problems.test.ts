import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  healthAlerts,
  jobMappings,
  syncRuns,
  trackerConnections,
  writeBacks,
} from "@/db/schema";
import type {
  MailMessage,
  MailTransport,
} from "@/lib/channels/mail/mail-transport";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";
import { evaluateAllWorkspaces, evaluateProblems } from "@/lib/health/alerts";
import { getConnectionHealth } from "@/lib/health/connection-health";
import { recordMappingHealth } from "@/lib/health/problems";
import { seedViews, type SeededViews } from "@/tests/e2e/support/seed-views";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let workspaceId: string;
let seeded: SeededViews;
let sent: MailMessage[];

// Records mails in memory, so the test reads exactly what was sent.
const transport: MailTransport = {
  kind: "outbox",
  async send(message) {
    sent.push(message);
    return { transport: "outbox", messageId: String(sent.length) };
  },
};

const failingTransport: MailTransport = {
  kind: "smtp",
  async send() {
    throw new Error("SMTP server 127.0.0.1:2525 refused the connection");
  },
};

beforeAll(async () => {
  database = await useTestDatabase();
  const workspace = await ensureWorkspace(database.db, {
    name: "Health",
    slug: "health",
  });
  workspaceId = workspace.id;
  for (const email of ["ada@health.test", "bo@health.test"]) {
    await ensureMember(database.db, workspaceId, {
      email,
      name: email,
      password: "pw",
      role: "admin",
    });
  }
  await ensureMember(database.db, workspaceId, {
    email: "vi@health.test",
    name: "Vi",
    password: "pw",
    role: "viewer",
  });
  seeded = await seedViews(database.db, workspaceId);
});

afterAll(async () => {
  await database.drop();
});

beforeEach(() => {
  sent = [];
});

const evaluate = () =>
  evaluateProblems(database.db, workspaceId, { transport });

async function setWriteBackFailed(failed: boolean) {
  await database.db
    .update(writeBacks)
    .set(
      failed
        ? { status: "failed", attempts: 8 }
        : { status: "pending", attempts: 0 },
    )
    .where(eq(writeBacks.screeningId, seeded.screeningIds.failed!));
}

async function setTokenRejected(rejected: boolean) {
  await database.db
    .update(trackerConnections)
    .set(
      rejected
        ? {
            status: "needs_token",
            statusReason:
              "Tracker exchange token failed (HTTP 401): access token no " +
              "longer valid",
          }
        : { status: "connected", statusReason: null },
    )
    .where(eq(trackerConnections.id, seeded.connectionId));
}

describe("write-backs failing", () => {
  it("opens once and mails each admin once", async () => {
    const first = await evaluate();
    expect(first.open.map((problem) => problem.kind)).toEqual([
      "write_backs_failing",
    ]);
    expect(sent.map((mail) => mail.to)).toEqual([
      "ada@health.test",
      "bo@health.test",
    ]);
    expect(sent[0]?.subject).toMatch(/Action needed: Write-backs/);
    expect(sent[0]?.text).toMatch(/HTTP 503/);

    const again = await evaluate();
    expect(again.open).toHaveLength(1);
    expect(again.open[0]?.id).toBe(first.open[0]?.id);
    expect(sent).toHaveLength(2);
  });

  it("closes after a retry and mails the fix once", async () => {
    await setWriteBackFailed(false);
    const fixed = await evaluate();
    expect(fixed.open).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.subject).toMatch(/Resolved: Write-backs/);

    await evaluate();
    expect(sent).toHaveLength(2);
  });

  it("opens a new problem when it comes back", async () => {
    await setWriteBackFailed(true);
    const result = await evaluate();
    expect(result.open).toHaveLength(1);
    expect(sent).toHaveLength(2);
    await setWriteBackFailed(false);
    await evaluate();
    const alerts = await database.db
      .select()
      .from(healthAlerts)
      .where(eq(healthAlerts.workspaceId, workspaceId));
    expect(alerts).toHaveLength(4);
  });
});

describe("token rejected", () => {
  it("shows on the health view before any check", async () => {
    await setTokenRejected(true);
    const health = await getConnectionHealth(database.db, workspaceId);
    expect(health.connection?.status).toBe("needs_token");
    expect(health.nextPollAt).toBeNull();
    const problem = health.problems.find(
      (entry) => entry.kind === "token_rejected",
    );
    expect(problem?.openedAt).toBeNull();
    expect(problem?.action).toMatch(/Integrations page/);
  });

  it("alerts once and again when fixed", async () => {
    await evaluate();
    await evaluate();
    expect(sent.map((mail) => mail.subject)).toEqual([
      "[Tracker Relay] Action needed: Tracker rejected the access token",
      "[Tracker Relay] Action needed: Tracker rejected the access token",
    ]);
    await setTokenRejected(false);
    await evaluate();
    expect(sent).toHaveLength(4);
    expect(sent[3]?.subject).toBe(
      "[Tracker Relay] Resolved: Tracker rejected the access token",
    );
  });
});

describe("rate limited", () => {
  it("opens on a 429 run and closes after a clean one", async () => {
    const [limited] = await database.db
      .insert(syncRuns)
      .values({
        workspaceId,
        connectionId: seeded.connectionId,
        kind: "poll",
        status: "failed",
        finishedAt: new Date(),
        error:
          "Tracker search placements failed (HTTP 429): rate limit reached " +
          "and retries used up",
      })
      .returning();
    const open = await evaluate();
    expect(open.open.map((problem) => problem.kind)).toEqual(["rate_limited"]);
    // Rate limits pass on their own, so they show on the page only.
    expect(sent).toEqual([]);

    await database.db.insert(syncRuns).values({
      workspaceId,
      connectionId: seeded.connectionId,
      kind: "poll",
      status: "succeeded",
      startedAt: new Date(limited!.startedAt.getTime() + 60_000),
      finishedAt: new Date(limited!.startedAt.getTime() + 70_000),
    });
    const closed = await evaluate();
    expect(closed.open).toEqual([]);
  });
});

describe("job and stage problems", () => {
  it("open from the engine's report and close on a clean one", async () => {
    const mappingId = seeded.mappingIds[0]!;
    await recordMappingHealth(database.db, workspaceId, [
      { mappingId, job: "closed", stageExists: false, detail: "Forklift" },
    ]);
    const open = await evaluate();
    expect(open.open.map((problem) => problem.kind).sort()).toEqual([
      "job_unavailable",
      "stage_deleted",
    ]);
    const health = await getConnectionHealth(database.db, workspaceId);
    expect(health.problems[0]?.jobTitle).toBe("Forklift operator");

    await recordMappingHealth(database.db, workspaceId, [
      { mappingId, job: "open", stageExists: true },
    ]);
    const closed = await evaluate();
    expect(closed.open).toEqual([]);
  });

  it("close when the mapping is removed", async () => {
    const mappingId = seeded.mappingIds[1]!;
    await recordMappingHealth(database.db, workspaceId, [
      { mappingId, job: "missing", stageExists: true },
    ]);
    expect((await evaluate()).open).toHaveLength(1);
    await database.db
      .update(jobMappings)
      .set({ status: "removed", removedAt: new Date() })
      .where(
        and(
          eq(jobMappings.id, mappingId),
          eq(jobMappings.workspaceId, workspaceId),
        ),
      );
    expect((await evaluate()).open).toEqual([]);
  });
});

describe("alert delivery", () => {
  it("retries an alert whose send failed", async () => {
    await setWriteBackFailed(true);
    const failed = await evaluateProblems(database.db, workspaceId, {
      transport: failingTransport,
    });
    expect(failed.alertsSent).toBe(0);
    const [pending] = await database.db
      .select()
      .from(healthAlerts)
      .where(eq(healthAlerts.problemId, failed.open[0]!.id));
    expect(pending?.sentAt).toBeNull();
    expect(pending?.error).toMatch(/refused the connection/);

    const retried = await evaluate();
    expect(retried.alertsSent).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it("stores mails in the outbox by default", async () => {
    await setWriteBackFailed(false);
    await evaluateProblems(database.db, workspaceId);
    const { rows } = await database.executeSql(
      "select to_address, subject from outbox_messages order by to_address",
    );
    expect(rows.map((row) => row.to_address)).toEqual([
      "ada@health.test",
      "bo@health.test",
    ]);
    expect(String(rows[0]?.subject)).toMatch(/^\[Tracker Relay\] Resolved/);
  });
});

describe("evaluateAllWorkspaces", () => {
  it("checks each connected workspace", async () => {
    await setTokenRejected(true);
    const result = await evaluateAllWorkspaces(database.db, { transport });
    expect(result.workspaces).toBe(1);
    expect(result.failed).toBe(0);
    expect(result.alertsSent).toBe(1);
    expect(sent.map((mail) => mail.to)).toEqual([
      "ada@health.test",
      "bo@health.test",
    ]);
    await setTokenRejected(false);
  });
});
