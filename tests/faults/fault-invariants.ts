import { eq } from "drizzle-orm";

import { screenings, writeBacks } from "@/db/schema";
import { referenceLine } from "@/lib/sync/activity-note";
import type { RequestLogEntry } from "@/lib/tracker-sandbox";

import { FIXTURE_DB } from "@/bench/relay-fixture";

import { BUDGET_LIMIT, BUDGET_WINDOW_MS, type FaultWorld } from "./fault-world";
import type { RunRecord } from "./fault-runner";

/**
 * Checks a drained run: each stage entry pulled once, each result written
 * as one Activity, nothing left mid-way, and the request budget kept.
 * Returns one sentence per violation; an empty list means the run passed.
 */
export async function checkInvariants(
  world: FaultWorld,
  record: RunRecord,
): Promise<string[]> {
  const violations = [...record.problems];
  const rows = await world.database.db
    .select({
      id: screenings.id,
      placementId: screenings.trackerPlacementId,
      state: screenings.state,
      writeBackStatus: writeBacks.status,
      writeBackError: writeBacks.lastError,
    })
    .from(screenings)
    .leftJoin(writeBacks, eq(writeBacks.screeningId, screenings.id))
    .where(eq(screenings.mappingId, world.mapping.id));

  violations.push(...checkPulledOnce(rows, record.entered));
  violations.push(...checkActivities(world, rows));
  for (const row of rows) {
    if (row.state !== "written_back") {
      violations.push(
        `screening ${row.id} (placement ${row.placementId}) is stuck in ` +
          `${row.state}, write-back ${row.writeBackStatus ?? "missing"}` +
          (row.writeBackError ? `: ${row.writeBackError}` : ""),
      );
    }
  }
  violations.push(...checkBudget(world.sandbox.state.requestLog()));
  return violations;
}

function checkPulledOnce(
  rows: { placementId: number }[],
  entered: Set<number>,
): string[] {
  const violations: string[] = [];
  const counts = new Map<number, number>();
  for (const row of rows) {
    counts.set(row.placementId, (counts.get(row.placementId) ?? 0) + 1);
  }
  for (const id of entered) {
    const count = counts.get(id) ?? 0;
    if (count !== 1) {
      violations.push(
        `placement ${id} entered the trigger and was pulled ${count} times`,
      );
    }
  }
  for (const [id, count] of counts) {
    if (!entered.has(id)) {
      violations.push(
        `placement ${id} never entered the trigger but was pulled ${count} times`,
      );
    }
  }
  return violations;
}

function checkActivities(
  world: FaultWorld,
  rows: { id: string; state: string }[],
): string[] {
  const violations: string[] = [];
  const activities = world.sandbox.state.listActivities(FIXTURE_DB);
  for (const row of rows) {
    const reference = referenceLine(row.id);
    const written = activities.filter((a) => a.note?.includes(reference));
    if (row.state === "written_back" && written.length !== 1) {
      violations.push(
        `screening ${row.id} was written back with ${written.length} Activities`,
      );
    }
    if (row.state !== "written_back" && written.length > 1) {
      violations.push(`screening ${row.id} has ${written.length} Activities`);
    }
  }
  if (activities.length > rows.length) {
    violations.push(
      `${activities.length} Activities in Tracker for ${rows.length} screenings`,
    );
  }
  return violations;
}

/**
 * Counts the sandbox's logged requests in every rolling window ending at
 * a request. A 429 that no injected fault caused means the sandbox's own
 * rate limit fired, which the client's budget should prevent.
 */
export function checkBudget(log: RequestLogEntry[]): string[] {
  const violations: string[] = [];
  const worst = busiestWindow(log);
  if (worst > BUDGET_LIMIT) {
    violations.push(
      `${worst} requests in one ${BUDGET_WINDOW_MS} ms window; the budget is ${BUDGET_LIMIT}`,
    );
  }
  const limited = log.filter(
    (entry) => entry.status === 429 && entry.fault === null,
  );
  if (limited.length > 0) {
    violations.push(
      `${limited.length} requests got 429 from the sandbox's own rate limit`,
    );
  }
  return violations;
}

/** Returns the most requests logged in one rolling BUDGET_WINDOW_MS. */
export function busiestWindow(log: RequestLogEntry[]): number {
  const times = log
    .map((entry) => Date.parse(entry.time))
    .sort((a, b) => a - b);
  let start = 0;
  let busiest = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[start]! <= times[end]! - BUDGET_WINDOW_MS) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

/** Counts the logged requests each injected fault shaped, by fault name. */
export function countFaults(log: RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (entry.fault === null) continue;
    counts.set(entry.fault, (counts.get(entry.fault) ?? 0) + 1);
  }
  return counts;
}
