/**
 * Seeded random fault schedules against the sync engine: 429 storms, 5xx
 * bursts, slow replies, reset connections, writes whose reply is lost,
 * malformed rows, a regenerated token, overlapping cron invocations and
 * killed runs. After each run drains, the invariants in
 * fault-invariants.ts must hold.
 *
 * FAULT_RUNS sets the number of runs (default 200), FAULT_BASE_SEED their
 * seeds, and FAULT_SEED replays one run: FAULT_SEED=123 npm run test:faults
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  busiestWindow,
  checkInvariants,
  countFaults,
} from "./fault-invariants";
import { runSchedule } from "./fault-runner";
import { buildSchedule, seedOf } from "./fault-schedule";
import {
  BUDGET_LIMIT,
  BUDGET_WINDOW_MS,
  closeFaultWorld,
  resetFaultWorld,
  startFaultWorld,
  type FaultWorld,
} from "./fault-world";

function readSeeds(): number[] {
  const replay = process.env.FAULT_SEED;
  if (replay) return [Number.parseInt(replay, 10) >>> 0];
  const runs = Number.parseInt(process.env.FAULT_RUNS ?? "200", 10);
  const baseSeed = Number.parseInt(process.env.FAULT_BASE_SEED ?? "1", 10);
  return Array.from({ length: runs }, (_, index) => seedOf(baseSeed, index));
}

const seeds = readSeeds();
const failedSeeds: number[] = [];
// Requests each fault shaped over all runs, to show the faults fired.
const faultTotals = new Map<string, number>();
let busiest = 0;
let world: FaultWorld;

beforeAll(async () => {
  world = await startFaultWorld();
});

afterAll(async () => {
  const fired = [...faultTotals].map(([fault, n]) => `${fault} ${n}`);
  console.log(
    `${seeds.length} fault runs; requests shaped by faults: ` +
      (fired.join(", ") || "none") +
      `; busiest ${BUDGET_WINDOW_MS} ms window: ${busiest} requests ` +
      `of ${BUDGET_LIMIT} allowed`,
  );
  if (failedSeeds.length > 0) {
    console.error(
      `fault runs failed for seeds ${failedSeeds.join(", ")}; replay one ` +
        `with FAULT_SEED=<seed> npm run test:faults`,
    );
  }
  await closeFaultWorld(world);
});

describe("sync under faults", () => {
  it.each(seeds)("seed %i", async (seed) => {
    const schedule = buildSchedule(seed);
    await resetFaultWorld(world, {
      stormRetryAfterSeconds: schedule.stormRetryAfterSeconds,
    });

    const record = await runSchedule(world, schedule);
    const violations = await checkInvariants(world, record);
    const log = world.sandbox.state.requestLog();
    busiest = Math.max(busiest, busiestWindow(log));
    for (const [fault, count] of countFaults(log)) {
      faultTotals.set(fault, (faultTotals.get(fault) ?? 0) + count);
    }

    if (violations.length > 0) {
      failedSeeds.push(seed);
      console.error(
        `seed ${seed} failed; replay with FAULT_SEED=${seed} npm run ` +
          `test:faults\nsteps: ${JSON.stringify(schedule.steps)}\n` +
          violations.map((v) => `  - ${v}`).join("\n"),
      );
    }
    expect(violations).toEqual([]);
  });
});
