import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ensureWorkspace } from "@/lib/demo/seed";
import { getDailyActivity } from "@/lib/views/daily-activity";
import { explainFailure } from "@/lib/views/explain-failure";
import { listRunCandidates } from "@/lib/views/run-candidates";
import {
  listScreenings,
  screeningListFiltersSchema,
} from "@/lib/views/screenings";
import { parseSyncHistoryFilters } from "@/lib/views/sync-history-filters";
import { getSyncRun, listSyncRuns } from "@/lib/views/sync-runs";
import { getScreeningTimeline } from "@/lib/views/timeline";
import {
  seedViews,
  VIEWS_SEED,
  type SeededViews,
} from "@/tests/e2e/support/seed-views";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let workspaceId: string;
let otherWorkspaceId: string;
let seeded: SeededViews;
const now = new Date();

beforeAll(async () => {
  database = await createTestDatabase();
  const workspace = await ensureWorkspace(database.db, {
    name: "Views",
    slug: "views",
  });
  const other = await ensureWorkspace(database.db, {
    name: "Views other",
    slug: "views-other",
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  seeded = await seedViews(database.db, workspaceId, now);
  await seedViews(database.db, otherWorkspaceId, now);
});

afterAll(async () => {
  await database.drop();
});

const noFilters = parseSyncHistoryFilters({});

describe("listSyncRuns", () => {
  it("lists the workspace's runs newest first", async () => {
    const page = await listSyncRuns(database.db, workspaceId, noFilters);
    expect(page.runs.map((run) => run.id)).toEqual([
      seeded.runIds.running,
      seeded.runIds.writeBack,
      seeded.runIds.intake,
      seeded.runIds.poll,
    ]);
    expect(page.olderCursor).toBeNull();
    expect(page.newerCursor).toBeNull();
  });

  it("names the jobs of a connection-wide poll", async () => {
    const page = await listSyncRuns(database.db, workspaceId, noFilters);
    const poll = page.runs.find((run) => run.id === seeded.runIds.poll)!;
    expect(poll.jobs.map((job) => job.jobTitle).sort()).toEqual([
      "Forklift operator",
      "Picker packer",
    ]);
    expect(poll.durationMs).toBe(3 * 60_000);
    expect(poll.trackerRequests).toBe(3);
  });

  it("filters by status", async () => {
    const filters = parseSyncHistoryFilters({ status: "failed" });
    const page = await listSyncRuns(database.db, workspaceId, filters);
    expect(page.runs.map((run) => run.id)).toEqual([seeded.runIds.writeBack]);
  });

  it("filters by kind", async () => {
    const filters = parseSyncHistoryFilters({ kind: "poll" });
    const page = await listSyncRuns(database.db, workspaceId, filters);
    expect(page.runs.map((run) => run.id)).toEqual([
      seeded.runIds.running,
      seeded.runIds.poll,
    ]);
  });

  it("filters by job through mapping counts", async () => {
    const filters = parseSyncHistoryFilters({ job: "9102" });
    const page = await listSyncRuns(database.db, workspaceId, filters);
    expect(page.runs.map((run) => run.id)).toEqual([
      seeded.runIds.running,
      seeded.runIds.poll,
    ]);
  });

  it("filters by agent", async () => {
    const filters = parseSyncHistoryFilters({ agent: seeded.agentId });
    const page = await listSyncRuns(database.db, workspaceId, filters);
    expect(page.runs).toHaveLength(2);
  });

  it("returns nothing for another workspace's agent", async () => {
    const filters = parseSyncHistoryFilters({ agent: seeded.agentId });
    const page = await listSyncRuns(database.db, otherWorkspaceId, filters);
    expect(page.runs).toEqual([]);
  });

  it("filters by date range", async () => {
    const tomorrow = new Date(now.getTime() + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const filters = parseSyncHistoryFilters({ from: tomorrow });
    const page = await listSyncRuns(database.db, workspaceId, filters);
    expect(page.runs).toEqual([]);
  });

  it("drops invalid filter values", () => {
    const filters = parseSyncHistoryFilters({
      status: "exploded",
      agent: "not-a-uuid",
      from: "2026-13-45",
      job: "-3",
    });
    expect(filters).toEqual({});
  });

  it("pages older and back newer", async () => {
    const first = await listSyncRuns(database.db, workspaceId, noFilters, {
      pageSize: 3,
    });
    expect(first.runs).toHaveLength(3);
    expect(first.newerCursor).toBeNull();
    expect(first.olderCursor).not.toBeNull();

    const second = await listSyncRuns(
      database.db,
      workspaceId,
      { after: first.olderCursor! },
      { pageSize: 3 },
    );
    expect(second.runs.map((run) => run.id)).toEqual([seeded.runIds.poll]);
    expect(second.olderCursor).toBeNull();
    expect(second.newerCursor).not.toBeNull();

    const back = await listSyncRuns(
      database.db,
      workspaceId,
      { before: second.newerCursor! },
      { pageSize: 3 },
    );
    expect(back.runs.map((run) => run.id)).toEqual(
      first.runs.map((run) => run.id),
    );
    expect(back.newerCursor).toBeNull();
  });

  it("hides a run from another workspace", async () => {
    const run = await getSyncRun(
      database.db,
      otherWorkspaceId,
      seeded.runIds.poll,
    );
    expect(run).toBeNull();
  });
});

describe("listRunCandidates", () => {
  it("lists a poll's pulled candidates", async () => {
    const rows = await candidatesOf(seeded.runIds.poll);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.outcome === "pulled")).toBe(true);
  });

  it("lists an intake's invited candidates", async () => {
    const rows = await candidatesOf(seeded.runIds.intake);
    expect(rows.map((row) => row.outcome)).toEqual([
      "invited",
      "invited",
      "invited",
    ]);
  });

  it("explains a failed write-back", async () => {
    const rows = await candidatesOf(seeded.runIds.writeBack);
    const failed = rows.find(
      (row) => row.screeningId === seeded.screeningIds.failed,
    )!;
    expect(failed.outcome).toBe("write_back_failed");
    expect(failed.failure?.message).toBe(VIEWS_SEED.writeBackError);
    expect(failed.failure?.reason).toMatch(/could not be reached/);
    expect(failed.writeBack?.status).toBe("failed");

    const written = rows.find(
      (row) => row.screeningId === seeded.screeningIds.written,
    )!;
    expect(written.outcome).toBe("written_back");
    expect(written.writeBack?.activityId).toBe(VIEWS_SEED.activityId);
    expect(written.failure).toBeNull();
  });
});

async function candidatesOf(runId: string) {
  const run = await getSyncRun(database.db, workspaceId, runId);
  expect(run).not.toBeNull();
  return listRunCandidates(database.db, {
    workspaceId,
    connectionId: run!.connectionId,
    backfillId: null,
    kind: run!.kind,
    startedAt: new Date(run!.startedAt),
    finishedAt: run!.finishedAt ? new Date(run!.finishedAt) : null,
  });
}

describe("getDailyActivity", () => {
  it("counts pulled, screened and written back", async () => {
    const days = await getDailyActivity(
      database.db,
      workspaceId,
      {},
      "UTC",
      now,
    );
    expect(days).toHaveLength(14);
    const totals = days.reduce(
      (sum, day) => ({
        pulled: sum.pulled + day.pulled,
        screened: sum.screened + day.screened,
        writtenBack: sum.writtenBack + day.writtenBack,
      }),
      { pulled: 0, screened: 0, writtenBack: 0 },
    );
    expect(totals).toEqual({ pulled: 4, screened: 2, writtenBack: 1 });
  });

  it("filters the chart by job", async () => {
    const days = await getDailyActivity(
      database.db,
      workspaceId,
      { job: 9102 },
      "UTC",
      now,
    );
    const pulled = days.reduce((sum, day) => sum + day.pulled, 0);
    expect(pulled).toBe(2);
  });
});

describe("listScreenings", () => {
  const filters = (input: Record<string, unknown>) =>
    screeningListFiltersSchema.parse(input);

  it("lists the workspace's screenings", async () => {
    const page = await listScreenings(database.db, workspaceId, filters({}));
    expect(page.total).toBe(4);
    expect(page.rows[0]?.agentName).toBe(VIEWS_SEED.agentName);
  });

  it("searches by name", async () => {
    const page = await listScreenings(
      database.db,
      workspaceId,
      filters({ q: "fran fail" }),
    );
    expect(page.rows.map((row) => row.name)).toEqual(["Fran Failing"]);
    expect(page.rows[0]?.writeBackFailed).toBe(true);
  });

  it("searches by email", async () => {
    const page = await listScreenings(
      database.db,
      workspaceId,
      filters({ q: "WENDY@" }),
    );
    expect(page.rows.map((row) => row.name)).toEqual(["Wendy Written"]);
  });

  it("treats wildcards literally", async () => {
    const page = await listScreenings(
      database.db,
      workspaceId,
      filters({ q: "%" }),
    );
    expect(page.total).toBe(0);
  });

  it("pages with a count", async () => {
    const page = await listScreenings(
      database.db,
      workspaceId,
      filters({ page: 2 }),
      3,
    );
    expect(page.rows).toHaveLength(1);
    expect(page.pageCount).toBe(2);
  });
});

describe("getScreeningTimeline", () => {
  it("tells a written-back screening in order", async () => {
    const timeline = await getScreeningTimeline(
      database.db,
      workspaceId,
      seeded.screeningIds.written!,
    );
    expect(timeline).not.toBeNull();
    const titles = timeline!.entries.map((entry) => entry.title);
    expect(titles[0]).toBe("Pulled from Tracker: entered “Phone screen”");
    expect(timeline!.pulledBy).toBe("Entering the trigger stage, Phone screen");
    expect(titles).toContain("Invited");
    expect(titles.some((title) => /^Step resume completed/.test(title))).toBe(
      true,
    );
    expect(titles.at(-1)).toBe(
      `Written back to Tracker as activity ${VIEWS_SEED.activityId}`,
    );
    expect(timeline!.result?.steps[0]?.criteria[0]?.evidence).toHaveLength(1);
    expect(timeline!.reportPath).toMatch(/^\/report\/[0-9a-f]{64}$/);
  });

  it("shows a failed write-back", async () => {
    const timeline = await getScreeningTimeline(
      database.db,
      workspaceId,
      seeded.screeningIds.failed!,
    );
    expect(timeline!.writeBack?.failure?.message).toBe(
      VIEWS_SEED.writeBackError,
    );
    expect(timeline!.entries.at(-1)?.kind).toBe("write_back_failed");
  });

  it("hides another workspace's screening", async () => {
    const timeline = await getScreeningTimeline(
      database.db,
      otherWorkspaceId,
      seeded.screeningIds.written!,
    );
    expect(timeline).toBeNull();
  });
});

describe("explainFailure", () => {
  const cases: [string, RegExp][] = [
    [
      "Tracker exchange token failed (HTTP 401): access token no longer valid",
      /rejected the access token/,
    ],
    [
      "Tracker search placements failed (HTTP 429): rate limit reached",
      /request limit/,
    ],
    ["Tracker get candidate for id 7 failed (HTTP 404): not found", /gone/],
    [VIEWS_SEED.writeBackError, /could not be reached/],
    ["1 of 2 write-backs failed", /Some items in this run failed/],
    [
      "Tracker create activity failed: invalid response: no id",
      /could not read/,
    ],
    ["something odd", /unexpected error/],
  ];
  for (const [message, reason] of cases) {
    it(`explains "${message.slice(0, 40)}"`, () => {
      expect(explainFailure(message).reason).toMatch(reason);
    });
  }
});
