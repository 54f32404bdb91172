import { performance } from "node:perf_hooks";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { trackerConnections } from "@/db/schema";
import { ensureWorkspace } from "@/lib/demo/seed";
import { getConnectionHealth } from "@/lib/health/connection-health";
import { parseSyncHistoryFilters } from "@/lib/views/sync-history-filters";
import { listSyncRuns } from "@/lib/views/sync-runs";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

/**
 * Keyset paging over 100,000 runs. Timings are printed, not asserted,
 * because they depend on the machine and on what else runs on it.
 */

const RUN_COUNT = 100_000;

let database: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const workspace = await ensureWorkspace(database.db, {
    name: "Paging",
    slug: "paging",
  });
  const other = await ensureWorkspace(database.db, {
    name: "Paging other",
    slug: "paging-other",
  });
  workspaceId = workspace.id;
  const [connection] = await database.db
    .insert(trackerConnections)
    .values({
      workspaceId,
      region: "Sandbox",
      accessTokenEncrypted: "not-a-real-token",
      accessTokenLast4: "0000",
      timeZone: "UTC",
    })
    .returning();

  // One run a minute going back from now. Every 500th run shares its
  // started_at with the run before it, so ties must be broken by id.
  // Every 10th run belongs to another workspace.
  await database.executeSql(
    `insert into sync_runs (workspace_id, connection_id, kind, status, started_at,
       finished_at, candidates_pulled, tracker_requests)
     select case when i % 10 = 0 then $2::uuid else $1::uuid end,
            case when i % 10 = 0 then null else $4::uuid end,
            (array['poll','intake','write_back','backfill'])[1 + i % 4]::sync_run_kind,
            (array['succeeded','succeeded','partial','failed'])[1 + i % 4]::sync_run_status,
            now() - make_interval(mins => i - (i % 500 = 1)::int),
            now() - make_interval(mins => i) + interval '20 seconds',
            i % 7, i % 5
     from generate_series(1, $3::int) as i`,
    [workspaceId, other.id, RUN_COUNT, connection!.id],
  );
  await database.executeSql("analyze sync_runs");
}, 300_000);

afterAll(async () => {
  await database.drop();
});

describe("listSyncRuns over 100k runs", () => {
  it("has an index led by workspace and start", async () => {
    const { rows } = await database.executeSql(
      `select indexdef from pg_indexes
       where tablename = 'sync_runs'
         and indexname = 'sync_runs_workspace_started_idx'`,
    );
    expect(String(rows[0]?.indexdef)).toMatch(
      /\(workspace_id, started_at DESC NULLS LAST\)/,
    );
  });

  it("prints the plan of a deep page", async () => {
    const { rows } = await database.executeSql(
      `explain select id from sync_runs
       where workspace_id = $1
         and started_at <= now() - interval '50000 minutes'
         and (started_at, id) < (now() - interval '50000 minutes',
                                 '00000000-0000-0000-0000-000000000000'::uuid)
       order by started_at desc nulls last, id desc limit 26`,
      [workspaceId],
    );
    const plan = rows.map((row) => Object.values(row)[0]).join("\n");
    console.log(`deep page plan (${database.kind}):\n${plan}`);
    expect(plan).toMatch(/Limit/);
  });

  it("walks every page without gaps or repeats", async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    let slowestMs = 0;
    const started = performance.now();
    do {
      const pageStarted = performance.now();
      const page = await listSyncRuns(
        database.db,
        workspaceId,
        parseSyncHistoryFilters(cursor ? { after: cursor } : {}),
        { pageSize: 1000 },
      );
      slowestMs = Math.max(slowestMs, performance.now() - pageStarted);
      for (const run of page.runs) seen.add(run.id);
      cursor = page.olderCursor;
      pages += 1;
    } while (cursor);
    const totalMs = performance.now() - started;

    console.log(
      `walked ${seen.size} runs in ${pages} pages of 1000: ` +
        `${totalMs.toFixed(0)} ms total, slowest page ${slowestMs.toFixed(0)} ms ` +
        `(${database.kind})`,
    );
    expect(seen.size).toBe(RUN_COUNT * 0.9);
    expect(pages).toBe(90);
  }, 300_000);

  it("reads a deep page as fast as the first", async () => {
    const timePage = async (filters: Record<string, string>) => {
      const started = performance.now();
      const page = await listSyncRuns(
        database.db,
        workspaceId,
        parseSyncHistoryFilters(filters),
      );
      return { page, ms: performance.now() - started };
    };

    const first = await timePage({});
    let deep = first;
    // Jump deep by using the last run of a large page as the cursor.
    const big = await listSyncRuns(
      database.db,
      workspaceId,
      parseSyncHistoryFilters({}),
      { pageSize: 80_000 },
    );
    expect(big.olderCursor).not.toBeNull();
    deep = await timePage({ after: big.olderCursor! });
    const filtered = await timePage({
      status: "failed",
      after: big.olderCursor!,
    });

    console.log(
      `25-run page: first ${first.ms.toFixed(1)} ms, after 80,000 runs ` +
        `${deep.ms.toFixed(1)} ms, failed-only after 80,000 runs ` +
        `${filtered.ms.toFixed(1)} ms (${database.kind})`,
    );
    expect(first.page.runs).toHaveLength(25);
    expect(deep.page.runs).toHaveLength(25);
    expect(filtered.page.runs.every((run) => run.status === "failed")).toBe(
      true,
    );
  }, 300_000);

  it("reads connection health quickly", async () => {
    const started = performance.now();
    const health = await getConnectionHealth(database.db, workspaceId);
    const ms = performance.now() - started;
    console.log(
      `connection health over 100k runs: ${ms.toFixed(1)} ms (${database.kind})`,
    );
    expect(health.lastPollAt).not.toBeNull();
  });
});
