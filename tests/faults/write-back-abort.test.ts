/**
 * Write-backs cut off part way: by the caller's AbortSignal, as the
 * worker's fires on SIGTERM, and by the invocation's deadline while the
 * Activity POST is still being handled by Tracker.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";

import { writeBacks } from "@/db/schema";
import { intakeScreening } from "@/lib/sync/intake";
import { pollConnection } from "@/lib/sync/poll-connection";
import { DEADLINE_GRACE_MS } from "@/lib/sync/tracker-client";
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
  return (await harness!.writeBackOf(screeningId))!;
}

/** Pulls one applicant and runs intake, so their result is final. */
async function finalScreening() {
  harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
  await harness.createMapping();
  await pollConnection(harness.connection.id);
  const applicant = harness.sandbox.state.addApplicant(SANDBOX_DB, {
    jobId: JOB.mapped,
    firstName: "Cut",
    surname: "Short",
    statusId: STATUS.shortlisted,
    resume: "docx",
  });
  const poll = await pollConnection(harness.connection.id);
  const screeningId = poll.pulledScreeningIds[0]!;
  await intakeScreening(screeningId);
  return { screeningId, resourceId: applicant.resourceId };
}

function activitiesOf(resourceId: number) {
  return harness!.activitiesOf(resourceId);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("write-back cut part way", () => {
  it("stays pending after a signal abort", async () => {
    const { screeningId, resourceId } = await finalScreening();

    // The Activity POST waits 400 ms in the sandbox; the signal fires
    // while it waits, and the sandbox stores the Activity afterwards.
    harness!.sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cut = await writeBackScreening(screeningId, {
      signal: controller.signal,
    });

    expect(cut.status).not.toBe("failed");
    const row = await writeBackRow(screeningId);
    expect(row.status).toBe("pending");

    await sleep(500);
    await harness!.database.db
      .update(writeBacks)
      .set({ nextAttemptAt: sql`now()` })
      .where(eq(writeBacks.screeningId, screeningId));
    const retried = await writeBackScreening(screeningId);
    expect(retried.status).toBe("succeeded");
    expect(activitiesOf(resourceId)).toHaveLength(1);
  });

  it("writes one Activity after a deadline cut", async () => {
    const { screeningId, resourceId } = await finalScreening();

    // The deadline cuts the client off 100 ms into a POST that the
    // sandbox stores 400 ms in. The write-back goes back to pending at
    // once, so another invocation may take it while the POST is in flight.
    harness!.sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 400 });
    const cut = await writeBackScreening(screeningId, {
      deadline: Date.now() - DEADLINE_GRACE_MS + 100,
    });
    expect(cut.status).not.toBe("succeeded");
    const next = await writeBackScreening(screeningId);
    await sleep(500);

    expect(activitiesOf(resourceId)).toHaveLength(1);
    if (next.status === "skipped") {
      await harness!.database.db
        .update(writeBacks)
        .set({ nextAttemptAt: sql`now()` })
        .where(eq(writeBacks.screeningId, screeningId));
      expect((await writeBackScreening(screeningId)).status).toBe("succeeded");
      expect(activitiesOf(resourceId)).toHaveLength(1);
    }
  });
});
