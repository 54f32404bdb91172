/**
 * Stage-entry polling against the Tracker sandbox: who is pulled, exactly
 * once, across baselines, big batches, killed polls and faults.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { crawlCursors, jobMappings, syncRuns } from "@/db/schema";
import { pollConnection } from "@/lib/sync/poll-connection";

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

function move(placementId: number, statusId: number) {
  harness!.sandbox.state.movePlacement(SANDBOX_DB, placementId, { statusId });
}

async function runOf(runId: string | null) {
  const [run] = await harness!.database.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.id, runId!));
  return run!;
}

describe("poll", () => {
  it("records a baseline first and pulls nobody", async () => {
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 3),
      ...placementsOn(JOB.mapped, 2, STATUS.shortlisted),
    ]);
    const mapping = await harness.createMapping();

    const result = await pollConnection(harness.connection.id);

    expect(result.status).toBe("succeeded");
    expect(result.crawlCompleted).toBe(true);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(0);
    const [stored] = await harness.database.db
      .select()
      .from(jobMappings)
      .where(eq(jobMappings.id, mapping.id));
    expect(stored!.baselineRecordedAt).not.toBeNull();
    const run = await runOf(result.runId);
    expect(run.kind).toBe("poll");
    expect(run.placementsScanned).toBe(5);
    expect(run.mappingCounts[mapping.id]?.baselineOnly).toBe(true);
  });

  it("records no baseline for mappings changed mid-crawl", async () => {
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 15),
      ...placementsOn(JOB.other, 10, STATUS.shortlisted),
    ]);
    const first = await harness.createMapping();
    let late: Awaited<ReturnType<SyncHarness["createMapping"]>> | undefined;

    await pollConnection(harness.connection.id, {
      onPageCommitted: async (page) => {
        if (page !== 1) return;
        late = await harness!.createMapping({ jobId: JOB.other });
        // A remap keeps updated_at here, as an app clock running behind
        // the database would; only the job and stage may decide.
        await harness!.database.db
          .update(jobMappings)
          .set({ triggerStatusId: STATUS.interview })
          .where(eq(jobMappings.id, first.id));
      },
    });

    const rows = await harness.database.db.select().from(jobMappings);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(first.id)!.baselineRecordedAt).toBeNull();
    expect(byId.get(late!.id)!.baselineRecordedAt).toBeNull();

    // The next full crawl records it, and pulls none already in the stage.
    await pollConnection(harness.connection.id);
    const [after] = await harness.database.db
      .select()
      .from(jobMappings)
      .where(eq(jobMappings.id, late!.id));
    expect(after!.baselineRecordedAt).not.toBeNull();
    await pollConnection(harness.connection.id);
    expect(await harness.screeningsOf(late!.id)).toHaveLength(0);
  });

  it("records no baseline from a crawl cut short", async () => {
    // 35 placements make 4 pages; the last two are already in the stage.
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 33),
      ...placementsOn(JOB.mapped, 2, STATUS.shortlisted),
    ]);
    const mapping = await harness.createMapping();
    // Page 2 comes back with page 1's rows, so the client stops there.
    harness.sandbox.state.setFaults({ repeatedPages: 1 });

    const cut = await pollConnection(harness.connection.id);
    expect(cut.status).toBe("partial");
    expect(cut.crawlCompleted).toBe(false);
    const [before] = await harness.database.db
      .select()
      .from(jobMappings)
      .where(eq(jobMappings.id, mapping.id));
    expect(before!.baselineRecordedAt).toBeNull();

    const rest = await pollConnection(harness.connection.id);
    expect(rest.crawlCompleted).toBe(true);
    expect((await runOf(rest.runId)).pagesRead).toBe(3);
    const third = await pollConnection(harness.connection.id);
    expect(third.status).toBe("succeeded");
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(0);
  });

  it("pulls a stage entry once and ignores other stages and jobs", async () => {
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 4),
      ...placementsOn(JOB.other, 2),
    ]);
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);

    move(placementIdOf(0), STATUS.shortlisted);
    move(placementIdOf(1), STATUS.submitted);
    move(placementIdOf(4), STATUS.shortlisted);
    const added = harness.sandbox.state.addApplicant(SANDBOX_DB, {
      jobId: JOB.mapped,
      firstName: "Direct",
      surname: "Entry",
      statusId: STATUS.shortlisted,
    });

    const second = await pollConnection(harness.connection.id);
    const pulled = await harness.screeningsOf(mapping.id);
    expect(second.status).toBe("succeeded");
    expect(pulled.map((s) => s.trackerPlacementId).sort()).toEqual(
      [placementIdOf(0), added.placementId].sort(),
    );
    expect(pulled.every((s) => s.state === "pulled")).toBe(true);

    const third = await pollConnection(harness.connection.id);
    expect(third.pulledScreeningIds).toHaveLength(0);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(2);
  });

  it("does not pull again after leaving and re-entering", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 2));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);

    move(placementIdOf(0), STATUS.shortlisted);
    await pollConnection(harness.connection.id);
    move(placementIdOf(0), STATUS.interview);
    await pollConnection(harness.connection.id);
    move(placementIdOf(0), STATUS.shortlisted);
    await pollConnection(harness.connection.id);

    expect(await harness.screeningsOf(mapping.id)).toHaveLength(1);
  });

  it("pulls 230 stage entries between two polls once", async () => {
    harness = await startSyncHarness([
      ...placementsOn(JOB.mapped, 240),
      ...placementsOn(JOB.other, 15),
    ]);
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);

    const moved = harness.sandbox.state.movePlacements(SANDBOX_DB, {
      toStatusId: STATUS.shortlisted,
      count: 230,
      jobId: JOB.mapped,
    });
    expect(moved.moved).toBe(230);

    const result = await pollConnection(harness.connection.id);
    const pulled = await harness.screeningsOf(mapping.id);
    expect(result.status).toBe("succeeded");
    expect(pulled).toHaveLength(230);
    const ids = new Set(pulled.map((s) => s.trackerPlacementId));
    expect(ids.size).toBe(230);
    expect([...ids].sort()).toEqual([...moved.placementIds].sort());
    const run = await runOf(result.runId);
    expect(run.pagesRead).toBe(26);
    expect(run.candidatesPulled).toBe(230);

    await pollConnection(harness.connection.id);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(230);
  });

  it("takes its budget slots in chunks and gives back the rest", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 255));
    await harness.createMapping();
    await harness.database.executeSql("delete from tracker_request_log");
    harness.sandbox.state.clearRequestLog();

    const result = await pollConnection(harness.connection.id);

    expect(result.status).toBe("succeeded");
    const sent = harness.sandbox.state.requestLog().length;
    expect(sent).toBeGreaterThanOrEqual(26);
    const { rows } = await harness.database.executeSql(
      "select count(*)::integer as rows, sum(slots)::integer as slots " +
        "from tracker_request_log",
    );
    // Chunks of 1, 2, 4, 8 and 16 cover the 26 pages and the token
    // exchange. The last chunk's unused slots went back at the end.
    expect(Number(rows[0]!.slots)).toBe(sent);
    expect(Number(rows[0]!.rows)).toBeLessThanOrEqual(6);
  });

  it("resumes a poll killed after page 3 of 8", async () => {
    // 75 placements make 8 pages of 10; one entry per page.
    harness = await startSyncHarness(placementsOn(JOB.mapped, 75));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    const entries = [0, 1, 2, 3, 4, 5, 6, 7].map((page) =>
      placementIdOf(page * 10 + 3),
    );
    for (const id of entries) move(id, STATUS.shortlisted);

    const controller = new AbortController();
    const killed = await pollConnection(harness.connection.id, {
      signal: controller.signal,
      onPageCommitted: (page) => {
        if (page === 3) controller.abort(new Error("killed after page 3"));
      },
    });
    // A stop on request is no failure: the next poll carries on.
    expect(killed.status).toBe("partial");
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(3);
    const [cursor] = await harness.database.db
      .select()
      .from(crawlCursors)
      .where(eq(crawlCursors.connectionId, harness.connection.id));
    expect(cursor!.nextPage).toBe(4);
    expect(cursor!.leaseOwner).toBeNull();

    const resumed = await pollConnection(harness.connection.id);
    expect(resumed.status).toBe("succeeded");
    expect((await runOf(resumed.runId)).pagesRead).toBe(5);
    const pulled = await harness.screeningsOf(mapping.id);
    expect(pulled.map((s) => s.trackerPlacementId).sort()).toEqual(
      [...entries].sort(),
    );
  });

  it("fails on a 503 first page and pulls on the next poll", async () => {
    harness = await startSyncHarness(placementsOn(JOB.mapped, 12));
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    move(placementIdOf(11), STATUS.shortlisted);

    harness.sandbox.state.setFaults({
      serverErrors: 20,
      serverErrorStatus: 503,
    });
    const failed = await pollConnection(harness.connection.id);
    expect(failed.status).toBe("failed");
    const run = await runOf(failed.runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/503/);
    expect(run.pagesRead).toBe(0);
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(0);

    harness.sandbox.state.clearFaults();
    const next = await pollConnection(harness.connection.id);
    expect(next.status).toBe("succeeded");
    const pulled = await harness.screeningsOf(mapping.id);
    expect(pulled.map((s) => s.trackerPlacementId)).toEqual([
      placementIdOf(11),
    ]);
  });

  it("slows down in a 429 storm and stays in budget", async () => {
    const limit = 8;
    const windowMs = 2_000;
    harness = await startSyncHarness(placementsOn(JOB.mapped, 45), {
      requestsPerMinute: limit,
      rateLimitPerMinute: limit,
    });
    harness.sandbox.state.updateSettings({
      rateLimitWindowMs: windowMs,
      stormRetryAfterSeconds: 1,
    });
    const { setSyncClientTuning } = await import("@/lib/sync/tracker-client");
    setSyncClientTuning({
      timeoutMs: 5_000,
      backoff: { baseDelayMs: 20, maxDelayMs: 200 },
      budgetWindowMs: windowMs,
      maxAttempts: 6,
    });
    const mapping = await harness.createMapping();
    await pollConnection(harness.connection.id);
    harness.sandbox.state.movePlacements(SANDBOX_DB, {
      toStatusId: STATUS.shortlisted,
      count: 45,
    });
    harness.sandbox.state.clearRequestLog();
    harness.sandbox.state.setFaults({ rateLimitStorm: 3 });

    const result = await pollConnection(harness.connection.id);

    expect(result.status).toBe("succeeded");
    expect(await harness.screeningsOf(mapping.id)).toHaveLength(45);
    const log = harness.sandbox.state.requestLog();
    const limited = log.filter((entry) => entry.status === 429);
    expect(limited.every((entry) => entry.fault !== null)).toBe(true);
    expect(limited).toHaveLength(3);
    const times = log.map((entry) => Date.parse(entry.time));
    for (const time of times) {
      const inWindow = times.filter((t) => t > time - windowMs && t <= time);
      expect(inWindow.length).toBeLessThanOrEqual(limit);
    }
  }, 60_000);
});
