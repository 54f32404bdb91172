/**
 * A write-back cut off by the caller's AbortSignal, as the worker's
 * signal fires on SIGTERM, must be retried like a deadline cut, not
 * marked failed until an admin retries it.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";

import { writeBacks } from "@/db/schema";
import { intakeScreening } from "@/lib/sync/intake";
import { pollConnection } from "@/lib/sync/poll-connection";
import { writeBackScreening } from "@/lib/sync/write-back";

import {
  JOB,
  SANDBOX_DB,
  STATUS,
  placementsOn,
  startSyncHarness,
  type SyncHarness,
} from "../integration/sync-harness";

let harness: SyncHarness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function writeBackRow(screeningId: string) {
  const [row] = await harness!.database.db
    .select()
    .from(writeBacks)
    .where(eq(writeBacks.screeningId, screeningId));
  return row!;
}

describe("write-back cut by the caller's signal", () => {
  it("stays pending and writes once later", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
    await harness.createMapping();
    await pollConnection(harness.connection.id);
    const applicant = harness.sandbox.state.addApplicant(SANDBOX_DB, {
      jobId: JOB.mapped,
      firstName: "Signal",
      surname: "Abort",
      statusId: STATUS.shortlisted,
      resume: "docx",
    });
    const poll = await pollConnection(harness.connection.id);
    const screeningId = poll.pulledScreeningIds[0]!;
    await intakeScreening(screeningId);

    // The Activity POST waits 400 ms in the sandbox; the signal fires
    // while it waits, and the sandbox stores the Activity afterwards.
    harness.sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cut = await writeBackScreening(screeningId, {
      signal: controller.signal,
    });

    expect(cut.status).not.toBe("failed");
    const row = await writeBackRow(screeningId);
    expect(row.status).toBe("pending");

    await new Promise((resolve) => setTimeout(resolve, 500));
    await harness.database.db
      .update(writeBacks)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(writeBacks.screeningId, screeningId));
    const retried = await writeBackScreening(screeningId);
    expect(retried.status).toBe("succeeded");
    const activities = harness.sandbox.state
      .listActivities(SANDBOX_DB)
      .filter((activity) => activity.recordId === applicant.resourceId);
    expect(activities).toHaveLength(1);
  });
});
