import type { SandboxFaults } from "@/lib/tracker-sandbox";

/**
 * Seeded random fault schedules. A schedule is a list of steps: changes
 * to the Tracker data, faults armed in the sandbox, and sync work (polls,
 * intake, write-backs, cron invocations), some of them killed part way.
 * The same seed always gives the same schedule.
 */

/** mulberry32: a small, fast PRNG with a 32-bit state. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** Integer in [min, max]. */
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)]!,
  };
}

export type Random = ReturnType<typeof createRandom>;

/** How a step is cut short after `afterMs`, if at all. */
export type Kill =
  | { kind: "none" }
  /** The caller's AbortSignal fires, as the worker's does on SIGTERM. */
  | { kind: "abort"; afterMs: number }
  /** The invocation's deadline (plus its grace) passes, as in a cron route. */
  | { kind: "deadline"; afterMs: number };

export type CronPair = "sync+sync" | "writeBack+writeBack" | "sync+writeBack";

export type Step =
  | {
      kind: "entries";
      moveIn: number;
      moveOther: number;
      addApplicants: number;
    }
  | { kind: "leaveAndReturn"; count: number }
  | { kind: "faults"; faults: Partial<SandboxFaults> }
  | { kind: "poll"; kill: Kill; faults?: Partial<SandboxFaults> }
  | { kind: "intake"; kill: Kill; faults?: Partial<SandboxFaults> }
  | { kind: "writeBack"; kill: Kill; faults?: Partial<SandboxFaults> }
  | { kind: "cron"; pair: CronPair; faults?: Partial<SandboxFaults> }
  | { kind: "regenerateToken"; saveAfterSteps: number };

export type Schedule = {
  seed: number;
  /** Retry-After of the sandbox's 429 storms, in seconds. */
  stormRetryAfterSeconds: 0 | 1;
  steps: Step[];
};

function randomKill(random: Random): Kill {
  if (random.chance(0.6)) return { kind: "none" };
  const afterMs = random.int(0, 400);
  return random.chance(0.5)
    ? { kind: "abort", afterMs }
    : { kind: "deadline", afterMs };
}

function randomFaults(random: Random): Partial<SandboxFaults> {
  switch (random.int(0, 5)) {
    case 0:
      return { rateLimitStorm: random.int(1, 3) };
    case 1:
      return {
        serverErrors: random.int(1, 4),
        serverErrorStatus: random.pick([500, 502, 503, 504]),
      };
    case 2:
      // Above the client's timeout some of the time, so a reply is lost
      // after the sandbox handled the request.
      return {
        slowReplies: random.int(1, 3),
        slowReplyMs: random.int(50, 900),
      };
    case 3:
      return { resetConnections: random.int(1, 3) };
    case 4:
      return { dropAfterWrite: random.int(1, 2) };
    default:
      return { malformedRows: random.int(1, 3) };
  }
}

// Work steps arm their faults just before they run, so a fault that only
// writes or only search pages meet (a lost write reply, a malformed row)
// reaches the work it is meant for.
function workFaults(random: Random): Partial<SandboxFaults> | undefined {
  return random.chance(0.6) ? randomFaults(random) : undefined;
}

function randomStep(random: Random): Step {
  const roll = random.next();
  if (roll < 0.16) {
    return {
      kind: "entries",
      moveIn: random.int(0, 1),
      moveOther: random.int(0, 2),
      addApplicants: random.int(0, 1),
    };
  }
  if (roll < 0.21) return { kind: "leaveAndReturn", count: random.int(1, 2) };
  if (roll < 0.28) return { kind: "faults", faults: randomFaults(random) };
  if (roll < 0.46) {
    return {
      kind: "poll",
      kill: randomKill(random),
      faults: workFaults(random),
    };
  }
  if (roll < 0.62) {
    return {
      kind: "intake",
      kill: randomKill(random),
      faults: workFaults(random),
    };
  }
  if (roll < 0.8) {
    return {
      kind: "writeBack",
      kill: randomKill(random),
      faults: workFaults(random),
    };
  }
  if (roll < 0.94) {
    return {
      kind: "cron",
      pair: random.pick(["sync+sync", "writeBack+writeBack", "sync+writeBack"]),
      faults: workFaults(random),
    };
  }
  return { kind: "regenerateToken", saveAfterSteps: random.int(0, 2) };
}

/**
 * Builds the schedule of one run. The first step always adds entries.
 * Each written-back result renders a PDF report, which took a few hundred
 * ms in the benchmark, so a run keeps to a few candidates.
 */
export function buildSchedule(seed: number): Schedule {
  const random = createRandom(seed);
  const steps: Step[] = [
    {
      kind: "entries",
      moveIn: random.int(1, 2),
      moveOther: random.int(0, 2),
      addApplicants: random.int(0, 1),
    },
  ];
  const count = random.int(4, 9);
  for (let index = 0; index < count; index++) steps.push(randomStep(random));
  return {
    seed,
    stormRetryAfterSeconds: random.chance(0.9) ? 0 : 1,
    steps,
  };
}

/** Derives the seed of run `index` from the suite's `baseSeed`. */
export function seedOf(baseSeed: number, index: number): number {
  return (Math.imul(baseSeed, 2_654_435_761) + index * 40_503) >>> 0;
}
