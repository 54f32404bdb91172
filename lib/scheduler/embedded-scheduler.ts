import { getCronSecret } from "@/lib/cron/cron-secret";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import vercelConfig from "@/vercel.json";

import {
  cronMatches,
  parseCronExpression,
  type CronSchedule,
} from "./cron-expression";

const log = getLogger("scheduler");

export type ScheduledRoute = { path: string; schedule: CronSchedule };

export type SchedulerOptions = {
  /** Base URL of this server; defaults to http://127.0.0.1:PORT. */
  baseUrl?: string;
  /** Defaults to the crons listed in vercel.json. */
  crons?: { path: string; schedule: string }[];
};

export type RunningScheduler = {
  routes: ScheduledRoute[];
  /** Calls every route whose schedule matches `now`; exposed for tests. */
  tick(now: Date): Promise<void>;
  stop(): void;
};

const globalForScheduler = globalThis as unknown as {
  relayScheduler?: RunningScheduler;
};

/**
 * Calls the cron routes over HTTP on their vercel.json schedules, for
 * development and self-hosting where no Vercel Cron exists. Requests carry
 * the cron secret like Vercel's do. A route still running from an earlier
 * minute is not called again until it returns. One scheduler per process:
 * a second start returns the first.
 */
export function startEmbeddedScheduler(
  options: SchedulerOptions = {},
): RunningScheduler {
  if (globalForScheduler.relayScheduler) {
    return globalForScheduler.relayScheduler;
  }

  const baseUrl = options.baseUrl ?? `http://127.0.0.1:${getEnv().PORT}`;
  const routes = (options.crons ?? vercelConfig.crons).map((cron) => ({
    path: cron.path,
    schedule: parseCronExpression(cron.schedule),
  }));
  const running = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let secretWarned = false;

  async function call(path: string) {
    const secret = getCronSecret();
    if (!secret) {
      // Logged once: the routes reject every call until the secret is set.
      if (!secretWarned) {
        log.error(
          { path },
          "scheduler cannot call cron routes: CRON_SECRET is not set; " +
            "set it, or set DISABLE_SCHEDULER=1",
        );
      }
      secretWarned = true;
      return;
    }
    running.add(path);
    const startedAt = Date.now();
    try {
      const response = await fetch(new URL(path, baseUrl), {
        headers: { authorization: `Bearer ${secret}` },
        signal: AbortSignal.timeout(120_000),
      });
      const level = response.ok ? "debug" : "warn";
      log[level](
        { path, status: response.status, durationMs: Date.now() - startedAt },
        "scheduler called cron route",
      );
    } catch (error) {
      log.warn({ path, err: error }, "scheduler could not call cron route");
    } finally {
      running.delete(path);
    }
  }

  async function tick(now: Date) {
    const due = routes.filter(
      (route) => cronMatches(route.schedule, now) && !running.has(route.path),
    );
    await Promise.all(due.map((route) => call(route.path)));
  }

  // Fires shortly after each minute starts, like cron.
  function scheduleNext() {
    if (stopped) return;
    const delay = 60_000 - (Date.now() % 60_000) + 250;
    timer = setTimeout(() => {
      void tick(new Date());
      scheduleNext();
    }, delay);
    timer.unref();
  }

  scheduleNext();
  log.info(
    { baseUrl, routes: routes.map((route) => route.path) },
    "embedded scheduler started",
  );

  const scheduler: RunningScheduler = {
    routes,
    tick,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      globalForScheduler.relayScheduler = undefined;
      log.info("embedded scheduler stopped");
    },
  };
  globalForScheduler.relayScheduler = scheduler;
  return scheduler;
}
