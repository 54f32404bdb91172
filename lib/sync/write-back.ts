import { and, eq, lt, lte, or, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import { trackerConnections, writeBacks, type WriteBack } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { enqueue, QUEUES } from "@/lib/queue/boss";
import { TrackerRateLimitError, TrackerUnavailableError } from "@/lib/tracker";

import { isAuthError, markNeedsToken } from "./connection-health";
import { advanceScreening } from "./screening-state";
import { describeError, type RunScope } from "./sync-runs";
import { writeToTracker } from "./tracker-writes";
import {
  deadlineSignal,
  isStopRequested,
  openTrackerClient,
} from "./tracker-client";

const log = getLogger("sync.write-back");

export {
  REPORT_DOCUMENT_TYPE,
  REPORT_NOT_ATTACHED,
  reportUrl,
} from "./tracker-writes";

export const MAX_WRITE_BACK_ATTEMPTS = 8;
const WRITE_BACK_LEASE_SECONDS = 300;

export type WriteBackResult = {
  status: "succeeded" | "retry" | "deferred" | "failed" | "paused" | "skipped";
  trackerRequests: number;
  reason?: string;
  /** Set when the write-back was claimed. */
  scope?: RunScope;
};

/**
 * Writes one final screening back to Tracker: an Activity on the candidate
 * and the PDF report attached to the candidate. Each write is marked as
 * attempted before it is sent. The next attempt after a marked one first
 * looks in Tracker for the earlier write (by reference line or report file
 * name), so a lost reply never produces a second Activity.
 */
export async function writeBackScreening(
  screeningId: string,
  options: { deadline?: number; signal?: AbortSignal } = {},
): Promise<WriteBackResult> {
  const db = await getDb();
  const claim = await claimWriteBack(db, screeningId);
  if (!claim) return { status: "skipped", trackerRequests: 0 };
  const scope = {
    workspaceId: claim.workspaceId,
    connectionId: claim.connectionId,
  };

  const [connection] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.id, claim.connectionId));
  if (connection?.status !== "connected") {
    await reschedule(db, screeningId, { refundAttempt: true, delaySeconds: 0 });
    return { status: "paused", trackerRequests: 0, scope };
  }

  const signal = deadlineSignal(options.deadline, options.signal);
  const client = await openTrackerClient(db, connection, { signal });
  const context = { screeningId, connectionId: connection.id };
  try {
    const note = await writeToTracker(
      db,
      client,
      claim,
      connection.timeZone,
      signal,
    );
    await db.transaction(async (tx) => {
      await tx
        .update(writeBacks)
        .set({
          status: "succeeded",
          completedAt: sql`now()`,
          leaseExpiresAt: null,
          lastError: note,
          updatedAt: sql`now()`,
        })
        .where(eq(writeBacks.screeningId, screeningId));
      await advanceScreening(tx, screeningId, "written_back", {
        set: { writtenBackAt: new Date() },
      });
    });
    log.info({ ...context, attempt: claim.attempts }, "written back");
    return {
      status: "succeeded",
      trackerRequests: client.requestCount,
      scope,
    };
  } catch (error) {
    const reason = describeError(error);
    const requests = client.requestCount;
    if (isStopRequested(error, signal)) {
      // The attempt marks stay, so a POST cut off here is looked up first.
      // Tracker may still be storing that POST. An earlier lookup could
      // miss it and write a second Activity, so the retry waits one
      // request timeout.
      await reschedule(db, screeningId, {
        refundAttempt: true,
        delaySeconds: Math.ceil(getEnv().TRACKER_REQUEST_TIMEOUT_MS / 1000),
      });
      return { status: "deferred", trackerRequests: requests, scope };
    }
    if (isAuthError(error)) {
      await markNeedsToken(db, connection.id, error);
      await reschedule(db, screeningId, {
        refundAttempt: true,
        delaySeconds: 0,
        reason,
      });
      return { status: "paused", trackerRequests: requests, reason, scope };
    }
    if (isRetryable(error) && claim.attempts < MAX_WRITE_BACK_ATTEMPTS) {
      const delaySeconds = retryDelaySeconds(claim.attempts);
      await reschedule(db, screeningId, { delaySeconds, reason });
      log.warn(
        { ...context, attempt: claim.attempts, delaySeconds, err: error },
        "write-back failed; it will be retried",
      );
      return { status: "retry", trackerRequests: requests, reason, scope };
    }
    await db
      .update(writeBacks)
      .set({
        status: "failed",
        lastError: reason,
        leaseExpiresAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(writeBacks.screeningId, screeningId));
    log.error(
      { ...context, attempt: claim.attempts, err: error },
      "write-back failed",
    );
    return { status: "failed", trackerRequests: requests, reason, scope };
  }
}

/** 30 s, 1 min, 2 min ... capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

function isRetryable(error: unknown): boolean {
  return (
    error instanceof TrackerRateLimitError ||
    error instanceof TrackerUnavailableError
  );
}

async function claimWriteBack(
  db: Db,
  screeningId: string,
): Promise<WriteBack | null> {
  const [row] = await db
    .update(writeBacks)
    .set({
      status: "running",
      attempts: sql`${writeBacks.attempts} + 1`,
      leaseExpiresAt: sql`now() + make_interval(secs => ${WRITE_BACK_LEASE_SECONDS})`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(writeBacks.screeningId, screeningId),
        or(
          and(
            eq(writeBacks.status, "pending"),
            lte(writeBacks.nextAttemptAt, sql`now()`),
          ),
          and(
            eq(writeBacks.status, "running"),
            lt(writeBacks.leaseExpiresAt, sql`now()`),
          ),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

async function reschedule(
  db: Db,
  screeningId: string,
  options: { delaySeconds: number; refundAttempt?: boolean; reason?: string },
) {
  await db
    .update(writeBacks)
    .set({
      status: "pending",
      leaseExpiresAt: null,
      nextAttemptAt: sql`now() + make_interval(secs => ${options.delaySeconds})`,
      ...(options.reason ? { lastError: options.reason } : {}),
      ...(options.refundAttempt
        ? { attempts: sql`greatest(${writeBacks.attempts} - 1, 0)` }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(writeBacks.screeningId, screeningId));
}

/**
 * Queues a failed write-back again with a fresh set of attempts. Returns
 * false when the screening is not in the workspace or its write-back has
 * not failed.
 */
export async function retryWriteBack(
  workspaceId: string,
  screeningId: string,
): Promise<boolean> {
  const db = await getDb();
  const updated = await db
    .update(writeBacks)
    .set({
      status: "pending",
      attempts: 0,
      nextAttemptAt: sql`now()`,
      leaseExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(writeBacks.screeningId, screeningId),
        eq(writeBacks.workspaceId, workspaceId),
        eq(writeBacks.status, "failed"),
      ),
    )
    .returning({ screeningId: writeBacks.screeningId });
  if (updated.length === 0) return false;

  await enqueue(QUEUES.writeBack, { screeningId }, screeningId);
  log.info({ workspaceId, screeningId }, "write-back queued again by an admin");
  return true;
}
