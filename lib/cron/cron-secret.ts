import { randomBytes } from "node:crypto";

import { getEnv } from "@/lib/env";

/**
 * Returns the bearer secret cron requests must carry. Production and test use
 * CRON_SECRET only, so an unset secret fails closed. In development, with
 * CRON_SECRET unset, one random secret is made per process and shared by
 * the embedded scheduler and the routes, which run in the same process.
 */
const globalForCron = globalThis as unknown as { relayDevCronSecret?: string };

export function getCronSecret(): string | undefined {
  const env = getEnv();
  if (env.CRON_SECRET) return env.CRON_SECRET;
  if (env.NODE_ENV !== "development") return undefined;

  globalForCron.relayDevCronSecret ??= randomBytes(32).toString("hex");
  return globalForCron.relayDevCronSecret;
}
