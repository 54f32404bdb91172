/**
 * Backfills against the Tracker sandbox: the date cut-off in the Tracker
 * database's zone, the stage filter, slicing, cancelling and a token
 * regenerated in the middle.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { backfills, type Backfill } from "@/db/schema";
import { runBackfillSlice } from "@/lib/sync/backfill";
import { enqueueDueBackfills } from "@/lib/sync/due-work";

import {
  JOB,
  SANDBOX_DB,
  STATUS,
  placementIdOf,
  placementsOn,
  startSyncHarness,
  type PlacementPlan,
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

async function createBackfill(
  mappingId: string,
  values: Partial<Pick<Backfill, "upToDate" | "stageFilterId">> = {},
) {
  const [row] = await harness!.database.db
    .insert(backfills)
    .values({
      workspaceId: harness!.workspaceId,
      mappingId,
      upToDate: values.upToDate ?? "2099-12-31",
      stageFilterId: values.stageFilterId ?? null,
    })
    .returning();
  return row!;
}

async function backfillRow(id: string) {
  const [row] = await harness!.database.db
    .select()
    .from(backfills)
    .where(eq(backfills.id, id));
  return row!;
}

async function pulledPlacements(mappingId: string) {
  const rows = await harness!.screeningsOf(mappingId);
  return rows.map((row) => row.trackerPlacementId).sort((a, b) => a - b);
}

describe("backfill", () => {
  it("honours the day in Tracker's zone", async () => {
    // America/Chicago is UTC-5 in September.
    const plans: PlacementPlan[] = [
      // 2026-09-01 10:00 local
      {
        jobId: JOB.mapped,
        statusId: STATUS.applied,
        createdAt: Date.UTC(2026, 8, 1, 15),
      },
      // 2026-09-02 23:30 local, already 2026-09-03 in UTC
      {
        jobId: JOB.mapped,
        statusId: STATUS.applied,
        createdAt: Date.UTC(2026, 8, 3, 4, 30),
      },
      // 2026-09-03 00:30 local
      {
        jobId: JOB.mapped,
        statusId: STATUS.applied,
        createdAt: Date.UTC(2026, 8, 3, 5, 30),
      },
      {
        jobId: JOB.other,
        statusId: STATUS.applied,
        createdAt: Date.UTC(2026, 8, 1, 15),
      },
    ];
    harness = await startSyncHarness(plans);
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id, {
      upToDate: "2026-09-02",
    });

    const result = await runBackfillSlice(backfill.id);

    expect(result.status).toBe("completed");
    expect(await pulledPlacements(mapping.id)).toEqual([
      placementIdOf(0),
      placementIdOf(1),
    ]);
    const row = await backfillRow(backfill.id);
    expect(row.status).toBe("completed");
    expect(row.processed).toBe(2);
    expect(row.total).toBe(2);
    expect(row.finishedAt).not.toBeNull();
    const screenings = await harness.screeningsOf(mapping.id);
    expect(screenings.every((s) => s.source === "backfill")).toBe(true);
    expect(screenings.every((s) => s.backfillId === backfill.id)).toBe(true);
  });

  it("keeps only the stage filter", async () => {
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 3),
      ...placementsOn(JOB.mapped, 2, STATUS.interview),
    ]);
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id, {
      stageFilterId: STATUS.interview,
    });

    await runBackfillSlice(backfill.id);

    expect(await pulledPlacements(mapping.id)).toEqual([
      placementIdOf(3),
      placementIdOf(4),
    ]);
  });

  it("resumes the next slice where one stopped", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 35));
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id);

    // A deadline already passed lets exactly one page through.
    const first = await runBackfillSlice(backfill.id, { deadline: Date.now() });
    expect(first.status).toBe("partial");
    const afterFirst = await backfillRow(backfill.id);
    expect(afterFirst.status).toBe("running");
    expect(afterFirst.nextPage).toBe(2);
    expect(afterFirst.processed).toBe(10);

    const second = await runBackfillSlice(backfill.id);
    expect(second.status).toBe("completed");
    const pulled = await pulledPlacements(mapping.id);
    expect(pulled).toHaveLength(35);
    expect(new Set(pulled).size).toBe(35);
    const done = await backfillRow(backfill.id);
    expect(done.processed).toBe(35);
    expect(done.total).toBe(35);
  });

  it("completes only after the last page", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 35));
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id);
    // Page 2 comes back with page 1's rows, so the client stops there.
    harness.sandbox.state.setFaults({ repeatedPages: 1 });

    const cut = await runBackfillSlice(backfill.id);
    expect(cut.status).toBe("partial");
    expect((await backfillRow(backfill.id)).status).toBe("running");

    const rest = await runBackfillSlice(backfill.id);
    expect(rest.status).toBe("completed");
    expect(await pulledPlacements(mapping.id)).toHaveLength(35);
  });

  it("stops at a cancel between pages", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 35));
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id);
    const database = harness.database;

    const result = await runBackfillSlice(backfill.id, {
      onPageCommitted: async (page) => {
        if (page !== 2) return;
        await database.db
          .update(backfills)
          .set({ status: "cancelled" })
          .where(eq(backfills.id, backfill.id));
      },
    });

    expect(result.status).toBe("cancelled");
    const row = await backfillRow(backfill.id);
    expect(row.status).toBe("cancelled");
    expect(row.processed).toBeLessThanOrEqual(20);
    expect(await pulledPlacements(mapping.id)).toHaveLength(row.processed);
    const again = await runBackfillSlice(backfill.id);
    expect(again.status).toBe("skipped");
  });

  it("stops on a regenerated token and finishes after a new one", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 45));
    const mapping = await harness.createMapping();
    const backfill = await createBackfill(mapping.id);
    const sandbox = harness.sandbox;

    const stopped = await runBackfillSlice(backfill.id, {
      onPageCommitted: (page) => {
        if (page === 2) sandbox.state.regenerateAccessToken(SANDBOX_DB);
      },
    });

    expect(stopped.status).toBe("failed");
    expect(await harness.connectionStatus()).toBe("needs_token");
    const paused = await backfillRow(backfill.id);
    expect(paused.status).toBe("running");
    expect(paused.nextPage).toBe(3);
    expect(paused.processed).toBe(20);
    expect(await pulledPlacements(mapping.id)).toHaveLength(20);
    expect(await enqueueDueBackfills()).toBe(0);
    expect((await runBackfillSlice(backfill.id)).status).toBe("skipped");

    const token = sandbox.state.database(SANDBOX_DB).accessToken;
    await harness.saveAccessToken(token);
    const finished = await runBackfillSlice(backfill.id);

    expect(finished.status).toBe("completed");
    const pulled = await pulledPlacements(mapping.id);
    expect(pulled).toHaveLength(45);
    expect(new Set(pulled).size).toBe(45);
    const done = await backfillRow(backfill.id);
    expect(done.status).toBe("completed");
    expect(done.processed).toBe(45);
  });
});
