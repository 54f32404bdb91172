import { getDatabase } from "@/db";
import { installChannelWorkflowRunner } from "@/lib/channels/workflow/channel-workflow-runner";
import { getLogger } from "@/lib/logger";
import { stopQueue } from "@/lib/queue/boss";
import {
  runMaintenanceWork,
  runSyncWork,
  runWriteBackWork,
} from "@/lib/sync/run-cron";

// Runs the sync engine's queues without cron: the same work as the cron
// routes, every minute, until SIGINT or SIGTERM. Use it for self-hosting
// on Postgres (DATABASE_URL); PGlite allows one process per data folder,
// so with PGlite the server's embedded scheduler does this job instead.

const log = getLogger("worker");

const CYCLE_MS = 60_000;
// Matches the cron routes' budget, so the next cycle never overlaps.
const WORK_BUDGET_MS = 50_000;
const MAINTENANCE_EVERY_CYCLES = 5;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

async function runCycle(cycle: number, signal: AbortSignal) {
  const deadline = Date.now() + WORK_BUDGET_MS;
  const [sync, writeBack] = await Promise.allSettled([
    runSyncWork({ deadline, signal }),
    runWriteBackWork({ deadline, signal }),
  ]);
  for (const [name, outcome] of [
    ["sync", sync],
    ["write-back", writeBack],
  ] as const) {
    if (outcome.status === "fulfilled") {
      log.info({ cycle, work: name, ...outcome.value }, "work finished");
    } else {
      log.error({ cycle, work: name, err: outcome.reason }, "work failed");
    }
  }
  if (cycle % MAINTENANCE_EVERY_CYCLES === 0) {
    await runMaintenanceWork().catch((error: unknown) =>
      log.error({ cycle, err: error }, "queue maintenance failed"),
    );
  }
}

async function main() {
  const controller = new AbortController();
  for (const signalName of ["SIGINT", "SIGTERM"] as const) {
    process.once(signalName, () => {
      log.info({ signal: signalName }, "worker stopping after this cycle");
      controller.abort();
    });
  }

  const database = await getDatabase();
  // Intake here must run form, SMS and voice workflows as the server does.
  installChannelWorkflowRunner();
  log.info({ database: database.kind }, "worker started");
  for (let cycle = 0; !controller.signal.aborted; cycle += 1) {
    const startedAt = Date.now();
    await runCycle(cycle, controller.signal);
    await sleep(
      Math.max(0, startedAt + CYCLE_MS - Date.now()),
      controller.signal,
    );
  }

  await stopQueue(database);
  await database.close();
  log.info("worker stopped");
}

main().catch((error: unknown) => {
  log.error({ err: error }, "worker crashed");
  process.exit(1);
});
