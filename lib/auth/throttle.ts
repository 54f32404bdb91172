import { eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { signInThrottles } from "@/db/schema";
import { getEnv } from "@/lib/env";

/**
 * Counts failed sign-ins per email and per client address in the
 * database, so the limit holds across server instances. An email that
 * reaches SIGNIN_MAX_FAILURES (an address: SIGNIN_MAX_FAILURES_PER_IP,
 * higher because an office shares one address) inside SIGNIN_LOCK_MINUTES
 * is locked for SIGNIN_LOCK_MINUTES.
 */

export function throttleKeys(email: string, ip: string | undefined) {
  const keys = [`email:${email.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** Returns the time the earliest lock on these keys ends, if any is active. */
export async function lockedUntil(
  db: Db,
  keys: string[],
  now = new Date(),
): Promise<Date | undefined> {
  const rows = await db
    .select({ lockedUntil: signInThrottles.lockedUntil })
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, keys));
  const active = rows
    .map((row) => row.lockedUntil)
    .filter((until): until is Date => !!until && until > now);
  if (active.length === 0) return undefined;
  return new Date(Math.max(...active.map((until) => until.getTime())));
}

export async function recordFailure(db: Db, keys: string[], now = new Date()) {
  const env = getEnv();
  const { SIGNIN_LOCK_MINUTES } = env;
  const windowMs = SIGNIN_LOCK_MINUTES * 60_000;
  const windowStart = new Date(now.getTime() - windowMs);
  const lockEnd = new Date(now.getTime() + windowMs);

  for (const key of keys) {
    const limit = key.startsWith("ip:")
      ? env.SIGNIN_MAX_FAILURES_PER_IP
      : env.SIGNIN_MAX_FAILURES;
    // One statement per key: a failure outside the window starts a new
    // count, and the row that reaches the limit gets its lock time.
    await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${signInThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${signInThrottles.windowStartedAt} end`,
        },
      });
    await db
      .update(signInThrottles)
      .set({ lockedUntil: lockEnd, failures: 0, windowStartedAt: now })
      .where(
        sql`${signInThrottles.key} = ${key} and ${signInThrottles.failures} >= ${limit}`,
      );
  }
}

export async function clearFailures(db: Db, email: string) {
  await db
    .delete(signInThrottles)
    .where(eq(signInThrottles.key, throttleKeys(email, undefined)[0]!));
}
