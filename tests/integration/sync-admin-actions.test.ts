/**
 * The engine functions admin screens call: "Sync now" and re-screening a
 * placement.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { trackerConnections } from "@/db/schema";
import { intakeScreening } from "@/lib/sync/intake";
import { pollConnection } from "@/lib/sync/poll-connection";
import { requestRescreen } from "@/lib/sync/rescreen";
import { runSyncWork } from "@/lib/sync/run-cron";
import { requestSyncNow } from "@/lib/sync/sync-now";
import { writeBackScreening } from "@/lib/sync/write-back";

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

const OTHER_WORKSPACE = "00000000-0000-4000-8000-000000000000";

describe("requestSyncNow", () => {
  it("queues one poll that pulls entries", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 3));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.movePlacement(SANDBOX_DB, placementIdOf(2), {
      statusId: STATUS.shortlisted,
    });

    const first = await requestSyncNow(harness.workspaceId, mapping.id);
    const second = await requestSyncNow(harness.workspaceId, mapping.id);

    expect(first).toEqual({ ok: true, queued: true });
    expect(second).toEqual({ ok: true, queued: false });
    await runSyncWork({ deadline: Date.now() + 30_000 });
    const pulled = await harness.screeningsOf(mapping.id);
    expect(pulled.map((row) => row.trackerPlacementId)).toEqual([
      placementIdOf(2),
    ]);
  });

  it("rejects another workspace's mapping", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
    const mapping = await harness.createMapping();

    const result = await requestSyncNow(OTHER_WORKSPACE, mapping.id);

    expect(result).toEqual({ ok: false, error: "Job mapping not found." });
  });

  it("rejects a connection that needs a token", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
    const mapping = await harness.createMapping();
    await harness.database.db
      .update(trackerConnections)
      .set({ status: "needs_token" })
      .where(eq(trackerConnections.id, harness.connection.id));

    const result = await requestSyncNow(harness.workspaceId, mapping.id);

    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/not connected/),
    });
  });
});

describe("requestRescreen", () => {
  it("screens a finished placement again", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    const applicant = harness.sandbox.state.addApplicant(SANDBOX_DB, {
      jobId: JOB.mapped,
      firstName: "Again",
      surname: "Candidate",
      statusId: STATUS.shortlisted,
      resume: "docx",
    });
    const poll = await pollConnection(harness.connection.id);
    const firstId = poll.pulledScreeningIds[0]!;

    const tooEarly = await requestRescreen(harness.workspaceId, firstId);
    expect(tooEarly.ok).toBe(false);

    await intakeScreening(firstId);
    await writeBackScreening(firstId);
    const again = await requestRescreen(harness.workspaceId, firstId);
    expect(again.ok).toBe(true);
    const secondId = again.ok ? again.screeningId : "";
    expect(secondId).not.toBe(firstId);

    expect((await intakeScreening(secondId)).status).toBe("dispatched");
    expect((await writeBackScreening(secondId)).status).toBe("succeeded");
    const rows = await harness.screeningsOf(mapping.id);
    expect(rows.map((row) => row.rescreenNumber).sort()).toEqual([0, 1]);
    expect(rows.every((row) => row.state === "written_back")).toBe(true);
    const activities = harness.sandbox.state
      .listActivities(SANDBOX_DB)
      .filter((activity) => activity.recordId === applicant.resourceId);
    expect(activities).toHaveLength(2);

    // A later poll still treats the original pull as done.
    await pollConnection(harness.connection.id);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(2);
  });

  it("rejects another workspace's screening", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 1));
    await harness.createMapping();
    const result = await requestRescreen(
      OTHER_WORKSPACE,
      "00000000-0000-4000-8000-000000000001",
    );
    expect(result).toEqual({ ok: false, error: "Screening not found." });
  });
});
