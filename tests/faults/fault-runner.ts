import { eq } from "drizzle-orm";

import { screenings } from "@/db/schema";
import { pollConnection } from "@/lib/sync/poll-connection";
import { runSyncWork, runWriteBackWork } from "@/lib/sync/run-cron";

import { FIXTURE_DB, STATUS } from "@/bench/relay-fixture";

import {
  createRandom,
  type CronPair,
  type Random,
  type Schedule,
  type Step,
} from "./fault-schedule";
import {
  connectionStatus,
  MAPPED_JOB,
  OTHER_JOB,
  saveAccessToken,
  sandboxToken,
  type FaultWorld,
} from "./fault-world";
import {
  crawlFromFirstPage,
  intakeAll,
  killOptions,
  makeEverythingDue,
  openWriteBackIds,
  pulledScreeningIds,
  sleep,
  writeBackAll,
} from "./fault-work";

/**
 * Applies one schedule to the shared world, then drains: faults off,
 * retry times brought forward, and polls, intake and write-backs repeated
 * until nothing is left to do. Records which placements entered the
 * trigger stage, so the invariants can compare.
 */

const MAX_DRAIN_ROUNDS = 8;
const CRON_SLICE_MS = 5_000;

export type RunRecord = {
  /** Placements on the mapped job that entered the trigger stage. */
  entered: Set<number>;
  /** True once the sandbox issued a new access token in this run. */
  tokenRegenerated: boolean;
  /** Problems seen while running, such as a drain that never settled. */
  problems: string[];
};

type RunState = RunRecord & {
  random: Random;
  /** Placements moved out of the trigger stage, to move back in later. */
  awayFromTrigger: number[];
  /** Steps left before the regenerated token is saved, or null. */
  tokenSaveIn: number | null;
  /** Longest slow reply armed in this run, in ms. */
  maxSlowReplyMs: number;
};

export async function runSchedule(
  world: FaultWorld,
  schedule: Schedule,
): Promise<RunRecord> {
  const state: RunState = {
    entered: new Set(),
    tokenRegenerated: false,
    problems: [],
    // A stream of its own, so changing a step's draws keeps the schedule.
    random: createRandom(schedule.seed ^ 0x5eed),
    awayFromTrigger: [],
    tokenSaveIn: null,
    maxSlowReplyMs: 0,
  };

  // The baseline poll runs without faults, because a mapping pulls no
  // candidate until its first full crawl.
  const baseline = await pollConnection(world.connectionId);
  if (!baseline.crawlCompleted) {
    state.problems.push(`baseline poll ended ${baseline.status}`);
  }

  for (const step of schedule.steps) {
    await runStep(world, state, step);
    await saveTokenWhenDue(world, state);
  }
  await drain(world, state);
  return {
    entered: state.entered,
    tokenRegenerated: state.tokenRegenerated,
    problems: state.problems,
  };
}

async function runStep(world: FaultWorld, state: RunState, step: Step) {
  const { connectionId } = world;
  if ("faults" in step && step.faults) {
    const slowReplyMs = step.faults.slowReplies ? step.faults.slowReplyMs : 0;
    state.maxSlowReplyMs = Math.max(state.maxSlowReplyMs, slowReplyMs ?? 0);
    if (step.kind !== "faults") world.sandbox.state.setFaults(step.faults);
  }
  switch (step.kind) {
    case "entries":
      addEntries(world, state, step);
      return;
    case "leaveAndReturn":
      await leaveTrigger(world, state, step.count);
      return;
    case "faults":
      world.sandbox.state.setFaults(step.faults);
      return;
    case "poll":
      await pollConnection(connectionId, killOptions(step.kill));
      return;
    case "intake":
      await intakeAll(world, killOptions(step.kill));
      return;
    case "writeBack":
      await writeBackAll(world, killOptions(step.kill));
      return;
    case "cron":
      await runCronPair(step.pair);
      return;
    case "regenerateToken":
      world.sandbox.state.regenerateAccessToken(FIXTURE_DB);
      state.tokenRegenerated = true;
      state.tokenSaveIn = step.saveAfterSteps;
  }
}

async function runCronPair(pair: CronPair) {
  const deadline = Date.now() + CRON_SLICE_MS;
  const sync = () => runSyncWork({ deadline });
  const writeBack = () => runWriteBackWork({ deadline });
  const [first, second] =
    pair === "sync+sync"
      ? [sync, sync]
      : pair === "writeBack+writeBack"
        ? [writeBack, writeBack]
        : [sync, writeBack];
  await Promise.all([first(), second()]);
}

async function saveTokenWhenDue(world: FaultWorld, state: RunState) {
  if (state.tokenSaveIn === null) return;
  if (state.tokenSaveIn > 0) {
    state.tokenSaveIn -= 1;
    return;
  }
  await saveAccessToken(world, sandboxToken(world));
  state.tokenSaveIn = null;
}

/**
 * Moves placements of the mapped job into the trigger stage, others into
 * stages or jobs that trigger nothing, and adds new applicants.
 */
function addEntries(
  world: FaultWorld,
  state: RunState,
  step: Step & { kind: "entries" },
) {
  const sandbox = world.sandbox.state;
  const waiting = placementsOf(world, MAPPED_JOB, STATUS.applied);
  for (let index = 0; index < step.moveIn && waiting.length > 0; index++) {
    const [id] = waiting.splice(state.random.int(0, waiting.length - 1), 1);
    sandbox.movePlacement(FIXTURE_DB, id!, { statusId: STATUS.shortlisted });
    state.entered.add(id!);
  }
  for (let index = 0; index < step.moveOther; index++) {
    // A mapped-job move to another stage, or an unmapped job's trigger
    // entry: neither may be pulled.
    const toOtherJob = state.random.chance(0.5);
    const pool = toOtherJob
      ? placementsOf(world, OTHER_JOB, STATUS.applied)
      : waiting;
    if (pool.length === 0) continue;
    const id = pool[state.random.int(0, pool.length - 1)]!;
    const statusId = toOtherJob
      ? STATUS.shortlisted
      : state.random.pick([STATUS.submitted, STATUS.interview]);
    sandbox.movePlacement(FIXTURE_DB, id, { statusId });
    waiting.splice(waiting.indexOf(id), 1);
  }
  for (let index = 0; index < step.addApplicants; index++) {
    const added = sandbox.addApplicant(FIXTURE_DB, {
      jobId: MAPPED_JOB,
      firstName: "Fault",
      surname: `Applicant ${state.entered.size + 1}`,
      statusId: STATUS.shortlisted,
      resume: state.random.chance(0.5) ? "docx" : "none",
      skills: ["TypeScript"],
    });
    state.entered.add(added.placementId);
  }
}

function placementsOf(world: FaultWorld, jobId: number, statusId: number) {
  return world.sandbox.state
    .database(FIXTURE_DB)
    .placements.filter((p) => p.jobId === jobId && p.statusId === statusId)
    .map((p) => p.id);
}

/**
 * Moves pulled placements out of the trigger stage; the next step moves
 * them back. Re-entry must not pull a candidate a second time.
 */
async function leaveTrigger(world: FaultWorld, state: RunState, count: number) {
  await returnToTrigger(world, state);
  const pulled = await world.database.db
    .select({ placementId: screenings.trackerPlacementId })
    .from(screenings)
    .where(eq(screenings.mappingId, world.mapping.id));
  for (const { placementId } of pulled.slice(0, count)) {
    world.sandbox.state.movePlacement(FIXTURE_DB, placementId, {
      statusId: STATUS.interview,
    });
    state.awayFromTrigger.push(placementId);
  }
}

async function returnToTrigger(world: FaultWorld, state: RunState) {
  for (const id of state.awayFromTrigger) {
    world.sandbox.state.movePlacement(FIXTURE_DB, id, {
      statusId: STATUS.shortlisted,
    });
  }
  state.awayFromTrigger = [];
}

async function drain(world: FaultWorld, state: RunState) {
  world.sandbox.state.clearFaults();
  // The drain brings retry times forward by minutes, but a slow reply the
  // client gave up on is still being handled by the sandbox. Waiting for
  // it keeps the drain from looking for a write before it lands, which in
  // real time the retry delay would have covered.
  if (state.maxSlowReplyMs > 0) await sleep(state.maxSlowReplyMs + 50);
  await returnToTrigger(world, state);
  if (state.tokenSaveIn !== null) {
    await saveAccessToken(world, sandboxToken(world));
    state.tokenSaveIn = null;
  }

  for (let round = 1; round <= MAX_DRAIN_ROUNDS; round++) {
    const status = await connectionStatus(world);
    if (status !== "connected") {
      state.problems.push(
        `connection was ${status} in drain round ${round} with the ` +
          "current token saved",
      );
      await saveAccessToken(world, sandboxToken(world));
    }
    await makeEverythingDue(world);

    const pulled = await crawlFromFirstPage(world);
    await intakeAll(world);
    await writeBackAll(world);

    const open =
      (await pulledScreeningIds(world)).length +
      (await openWriteBackIds(world)).length;
    if (pulled === 0 && open === 0) return;
  }
  state.problems.push(`work left after ${MAX_DRAIN_ROUNDS} drain rounds`);
}
