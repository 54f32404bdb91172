import { createHash, randomUUID, timingSafeEqual } from "node:crypto";

import type { Logger } from "pino";

import { getCronSecret } from "@/lib/cron/cron-secret";
import { getLogger } from "@/lib/logger";

/**
 * Vercel stops a function at its maxDuration (60 s for the cron routes), so
 * the work stops taking new items after this budget and still has time to
 * finish the item in hand and record its run.
 */
export const CRON_WORK_BUDGET_MS = 45_000;

export type CronContext = {
  /** Epoch milliseconds after which no new work item may start. */
  deadline: number;
  invocationId: string;
  log: Logger;
};

export type CronJob = (
  context: CronContext,
) => Promise<Record<string, unknown>>;

/**
 * Wraps a cron route's GET: checks `Authorization: Bearer <CRON_SECRET>`,
 * runs the job with a deadline, and maps every outcome to a status. It
 * fails closed: with no secret configured every request gets 500.
 */
export function withCron(name: string, job: CronJob) {
  return async function GET(request: Request): Promise<Response> {
    const invocationId = randomUUID();
    const log = getLogger(`cron:${name}`).child({ invocationId });

    const secret = getCronSecret();
    if (!secret) {
      log.error(
        "server misconfigured: CRON_SECRET is not set, so cron requests " +
          "are rejected; set CRON_SECRET in the environment",
      );
      return Response.json(
        { error: "Cron is not configured on this server." },
        { status: 500 },
      );
    }

    if (!isAuthorized(request.headers.get("authorization"), secret)) {
      log.warn("rejected cron request with a missing or wrong secret");
      return Response.json({ error: "Unauthorized." }, { status: 401 });
    }

    const startedAt = Date.now();
    log.info("cron job started");
    try {
      const summary = await job({
        deadline: startedAt + CRON_WORK_BUDGET_MS,
        invocationId,
        log,
      });
      const durationMs = Date.now() - startedAt;
      log.info({ ...summary, durationMs }, "cron job finished");
      return Response.json({ ok: true, ...summary, durationMs });
    } catch (error) {
      log.error({ err: error }, "cron job failed");
      return Response.json(
        { ok: false, error: "The cron job failed; see the server log." },
        { status: 500 },
      );
    }
  };
}

/**
 * Compares SHA-256 digests so both sides have the same length, which
 * timingSafeEqual requires, and the secret's length does not leak.
 */
export function isAuthorized(header: string | null, secret: string): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  const presented = header.slice("Bearer ".length);
  return timingSafeEqual(digest(presented), digest(secret));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
