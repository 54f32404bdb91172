/**
 * The scheduled sync feeds connection health: a token Tracker rejects
 * opens one problem and sends one alert mail to the workspace's admins,
 * however many sync runs see it, and a new token closes it with a second
 * mail.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { healthAlerts, healthProblems, outboxMessages } from "@/db/schema";
import { ensureMember } from "@/lib/demo/seed";
import { pollConnection } from "@/lib/sync/poll-connection";
import { runSyncWork } from "@/lib/sync/run-cron";

import {
  JOB,
  SANDBOX_DB,
  placementsOn,
  startSyncHarness,
  type SyncHarness,
} from "./sync-harness";

let harness: SyncHarness | undefined;

vi.setConfig({ testTimeout: 120_000 });

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function budget() {
  return { deadline: Date.now() + 30_000 };
}

describe("sync health alerts", () => {
  it("alerts once on a rejected token and once on the fix", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
    const { db } = harness.database;
    await ensureMember(db, harness.workspaceId, {
      email: "owner@alerts.test",
      name: "Owner",
      password: "owner-password",
      role: "admin",
    });
    await harness.createMapping();
    await pollConnection(harness.connection.id);

    const newToken =
      harness.sandbox.state.regenerateAccessToken(SANDBOX_DB).accessToken;
    await runSyncWork(budget());
    await runSyncWork(budget());

    const problems = await db
      .select()
      .from(healthProblems)
      .where(eq(healthProblems.workspaceId, harness.workspaceId));
    const tokenProblems = problems.filter(
      (problem) => problem.kind === "token_rejected",
    );
    expect(tokenProblems).toHaveLength(1);
    expect(tokenProblems[0]!.resolvedAt).toBeNull();
    const opened = await db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, "owner@alerts.test"));
    expect(opened).toHaveLength(1);

    await harness.saveAccessToken(newToken);
    await runSyncWork(budget());

    const [closed] = await db
      .select()
      .from(healthProblems)
      .where(eq(healthProblems.id, tokenProblems[0]!.id));
    expect(closed!.resolvedAt).not.toBeNull();
    const alerts = await db
      .select()
      .from(healthAlerts)
      .where(
        and(
          eq(healthAlerts.workspaceId, harness.workspaceId),
          eq(healthAlerts.problemId, tokenProblems[0]!.id),
        ),
      );
    expect(alerts).toHaveLength(2);
    const mails = await db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, "owner@alerts.test"));
    expect(mails).toHaveLength(2);
  });
});
