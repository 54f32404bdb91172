/**
 * Upkeep: runs left "running" by a dead process are closed, and pg-boss
 * maintenance runs on the test database.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { syncRuns } from "@/db/schema";
import { ensureWorkspace } from "@/lib/demo/seed";
import { stopQueue } from "@/lib/queue/boss";
import { runMaintenanceWork } from "@/lib/sync/run-cron";
import { startRun } from "@/lib/sync/sync-runs";

import {
  // Renamed: the React hooks lint rule reads any use* call as a hook.
  useTestDatabase as installTestDatabase,
  type TestDatabase,
} from "../helpers/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await installTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
});

async function statusOf(runId: string) {
  const [row] = await database.db
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.id, runId));
  return row!;
}

describe("maintenance", () => {
  it("fails runs a dead process left running", async () => {
    const workspace = await ensureWorkspace(database.db, {
      name: "Maintenance",
      slug: "maintenance",
    });
    const stale = await startRun(database.db, "poll", {
      workspaceId: workspace.id,
    });
    const fresh = await startRun(database.db, "poll", {
      workspaceId: workspace.id,
    });
    await database.db
      .update(syncRuns)
      .set({ startedAt: sql`now() - interval '20 minutes'` })
      .where(eq(syncRuns.id, stale));

    const result = await runMaintenanceWork();

    expect(result.staleRuns).toBe(1);
    const closed = await statusOf(stale);
    expect(closed.status).toBe("failed");
    expect(closed.finishedAt).not.toBeNull();
    expect(closed.error).toMatch(/stopped before it finished/);
    expect((await statusOf(fresh)).status).toBe("running");
  });
});
