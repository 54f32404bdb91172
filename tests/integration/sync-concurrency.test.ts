/**
 * Overlapping invocations through the real pg-boss queues: whatever runs
 * at once, each candidate, screening and Activity exists once.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { candidates, crawlCursors, screenings, syncRuns } from "@/db/schema";
import { pollConnection } from "@/lib/sync/poll-connection";
import { runSyncWork, runWriteBackWork } from "@/lib/sync/run-cron";

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

function budget() {
  return { deadline: Date.now() + 40_000 };
}

describe("concurrent invocations", () => {
  it("screen and write back each candidate once", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 6));
    const mapping = await harness.createMapping();
    await runSyncWork(budget());
    const resources: number[] = [];
    for (let index = 0; index < 5; index++) {
      const added = harness.sandbox.state.addApplicant(SANDBOX_DB, {
        jobId: JOB.mapped,
        firstName: "Parallel",
        surname: `Applicant ${index + 1}`,
        statusId: STATUS.shortlisted,
        resume: "docx",
        skills: ["TypeScript", "Postgres"],
      });
      resources.push(added.resourceId);
    }

    await Promise.all([runSyncWork(budget()), runSyncWork(budget())]);
    // Intake drains beside the crawl, so one round pulls and scores.
    const scored = await harness.screeningsOf(mapping.id);
    expect(scored.map((row) => row.state)).toEqual(Array(5).fill("completed"));
    await Promise.all([runWriteBackWork(budget()), runWriteBackWork(budget())]);
    await Promise.all([runSyncWork(budget()), runWriteBackWork(budget())]);

    const rows = await harness.screeningsOf(mapping.id);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.state === "written_back")).toBe(true);
    const stored = await harness.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.workspaceId, harness.workspaceId));
    expect(stored).toHaveLength(5);
    const activities = harness.sandbox.state.listActivities(SANDBOX_DB);
    expect(activities).toHaveLength(5);
    expect(new Set(activities.map((a) => a.recordId))).toEqual(
      new Set(resources),
    );
    const runs = await harness.database.db
      .select({ kind: syncRuns.kind })
      .from(syncRuns)
      .where(eq(syncRuns.workspaceId, harness.workspaceId));
    const kinds = new Set(runs.map((run) => run.kind));
    expect(kinds).toEqual(new Set(["poll", "intake", "write_back"]));
  }, 120_000);

  it("lets one of two polls run", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 25));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.movePlacements(SANDBOX_DB, {
      toStatusId: STATUS.shortlisted,
      count: 25,
    });

    const results = await Promise.all([
      pollConnection(harness.connection.id),
      pollConnection(harness.connection.id),
    ]);

    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual(["skipped", "succeeded"]);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(25);
  });

  it("stores no page twice after a lease is taken over", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 35));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.movePlacements(SANDBOX_DB, {
      toStatusId: STATUS.shortlisted,
      count: 35,
    });
    const { db } = harness.database;
    const connectionId = harness.connection.id;
    let takeover: ReturnType<typeof pollConnection> | undefined;

    // The first poll stalls after page 1 long enough for its lease to
    // lapse; a second poll takes the lease over and finishes the crawl.
    const first = await pollConnection(connectionId, {
      onPageCommitted: async (page) => {
        if (page !== 1) return;
        await db
          .update(crawlCursors)
          .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
          .where(eq(crawlCursors.connectionId, connectionId));
        takeover = pollConnection(connectionId);
        await takeover;
      },
    });

    expect(first.status).toBe("failed");
    expect(first.reason).toMatch(/another poll/);
    expect((await takeover)?.status).toBe("succeeded");
    const pulled = await harness.screeningsOf(mapping.id);
    expect(pulled).toHaveLength(35);
    const placements = new Set(pulled.map((row) => row.trackerPlacementId));
    expect(placements.size).toBe(35);
    expect(placements.has(placementIdOf(0))).toBe(true);
    const events = await db.execute(
      sql`select count(*)::int as count from screening_events e
          join ${screenings} s on s.id = e.screening_id
          where s.mapping_id = ${mapping.id} and e.to_state = 'pulled'`,
    );
    // postgres.js returns the rows as an array, PGlite as { rows }.
    const rows = (
      Array.isArray(events)
        ? events
        : (events as unknown as { rows: unknown[] }).rows
    ) as { count: number }[];
    expect(rows[0]!.count).toBe(35);
  });
});
