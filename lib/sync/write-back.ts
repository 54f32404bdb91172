import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";

import { getDb, type Db } from "@/db";
import {
  trackerConnections,
  writeBacks,
  type TrackerConnection,
  type WriteBack,
} from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { enqueue, QUEUES } from "@/lib/queue/boss";
import { TrackerRateLimitError, TrackerUnavailableError } from "@/lib/tracker";

import { BatchStop, groupBy, scopeOf, type BatchOptions } from "./batch";
import { isAuthError, markNeedsToken } from "./connection-health";
import { advanceScreenings } from "./screening-state";
import { describeError, type RunScope } from "./sync-runs";
import {
  loadWriteBackSources,
  markAttempted,
  startProgress,
  unsentMarks,
  writeToTracker,
  type WriteProgress,
} from "./tracker-writes";
import { isStopRequested, openBatchClient } from "./tracker-client";

const log = getLogger("sync.write-back");

export {
  REPORT_DOCUMENT_TYPE,
  REPORT_NOT_ATTACHED,
  reportUrl,
} from "./tracker-writes";

export const MAX_WRITE_BACK_ATTEMPTS = 8;
// A batch claims all its write-backs at once. The drain's deadline and its
// abort 10 s later end a batch within about a minute, well inside the lease.
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
  options: BatchOptions = {},
): Promise<WriteBackResult> {
  const [result] = await writeBackScreenings([screeningId], options);
  return result ?? { status: "skipped", trackerRequests: 0 };
}

/**
 * Runs the write-backs of a batch of screenings, sharing the claim, the
 * reads, the attempt marks and the final transaction in the database.
 * Tracker is still written one result at a time.
 *
 * Past the deadline no further write-back starts, though the first always
 * does, and the rest are put back. Returns one result per id, in order.
 */
export async function writeBackScreenings(
  screeningIds: readonly string[],
  options: BatchOptions = {},
): Promise<WriteBackResult[]> {
  const db = await getDb();
  const ids = [...new Set(screeningIds)];
  const claims = await claimWriteBacks(db, ids);
  const results = new Map<string, WriteBackResult>();
  const connections = await loadConnections(db, claims);

  const stop = new BatchStop(options);
  const { signal } = stop;

  for (const [connectionId, group] of groupBy(
    claims,
    (claim) => claim.connectionId,
  )) {
    // Puts the connection's write-backs back untouched, with no attempt
    // used, and records why.
    const putBackGroup = async (
      status: "paused" | "retry",
      reason?: string,
    ) => {
      await reschedule(
        db,
        group.map((claim) => claim.screeningId),
        { refundAttempt: true, delaySeconds: 0, reason },
      );
      for (const claim of group) {
        results.set(claim.screeningId, {
          status,
          trackerRequests: 0,
          reason,
          scope: scopeOf(claim),
        });
      }
    };

    const connection = connections.get(connectionId);
    if (connection?.status !== "connected") {
      await putBackGroup("paused");
      continue;
    }

    const client = await openBatchClient(db, connection, {
      signal,
      items: "write-backs",
      putBack: (reason) => putBackGroup("retry", reason),
    });
    if (!client) continue;
    try {
      const groupIds = group.map((claim) => claim.screeningId);
      const sources = await loadWriteBackSources(db, groupIds);
      await markAttempted(db, groupIds);
      const done: { claim: WriteBack; progress: WriteProgress }[] = [];
      let authFailure = false;
      for (const claim of group) {
        const scope = scopeOf(claim);
        const progress = startProgress(claim);
        if (authFailure || stop.isOver()) {
          // Not started: put back as it was, marks included.
          await reschedule(db, [claim.screeningId], {
            refundAttempt: true,
            delaySeconds: 0,
            marks: unsentMarks(claim, progress),
          });
          results.set(claim.screeningId, {
            status: authFailure ? "paused" : "deferred",
            trackerRequests: 0,
            scope,
          });
          continue;
        }
        stop.start();
        const before = client.requestCount;
        try {
          const source = sources.get(claim.screeningId);
          if (!source)
            throw new Error(`screening ${claim.screeningId} not found`);
          await writeToTracker(
            client,
            claim,
            source,
            connection.timeZone,
            progress,
            signal,
          );
          done.push({ claim, progress });
          results.set(claim.screeningId, {
            status: "succeeded",
            trackerRequests: client.requestCount - before,
            scope,
          });
          log.info(
            {
              screeningId: claim.screeningId,
              connectionId,
              attempt: claim.attempts,
            },
            "written back",
          );
        } catch (error) {
          if (isAuthError(error)) {
            if (!authFailure) await markNeedsToken(db, connection.id, error);
            authFailure = true;
          }
          const outcome = await settleFailure(
            db,
            claim,
            progress,
            error,
            signal,
          );
          results.set(claim.screeningId, {
            ...outcome,
            trackerRequests: client.requestCount - before,
            scope,
          });
        }
      }
      await recordSuccesses(db, done);
    } finally {
      await client.close();
    }
  }

  return ids.map(
    (id) => results.get(id) ?? { status: "skipped", trackerRequests: 0 },
  );
}

async function loadConnections(db: Db, claims: readonly WriteBack[]) {
  const ids = [...new Set(claims.map((claim) => claim.connectionId))];
  if (ids.length === 0) return new Map<string, TrackerConnection>();
  const rows = await db
    .select()
    .from(trackerConnections)
    .where(inArray(trackerConnections.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Marks finished write-backs succeeded with the ids of their writes and
 * moves their screenings to written_back, in one transaction.
 */
async function recordSuccesses(
  db: Db,
  done: readonly { claim: WriteBack; progress: WriteProgress }[],
) {
  if (done.length === 0) return;
  const records = done.map(({ claim, progress }) => ({
    screening_id: claim.screeningId,
    activity_id: progress.activityId,
    document_id: progress.documentId,
    note: progress.note,
  }));
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update ${writeBacks} set
        "status" = 'succeeded',
        "completed_at" = now(),
        "lease_expires_at" = null,
        "activity_id" = "v"."activity_id",
        "document_id" = "v"."document_id",
        "last_error" = "v"."note",
        "updated_at" = now()
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        as "v"("screening_id" uuid, "activity_id" integer,
          "document_id" integer, "note" text)
      where ${writeBacks.screeningId} = "v"."screening_id"`);
    const writtenBackAt = new Date();
    await advanceScreenings(
      tx,
      done.map(({ claim }) => ({
        screeningId: claim.screeningId,
        to: "written_back" as const,
        set: { writtenBackAt },
      })),
    );
  });
}

/**
 * Settles a failed write-back attempt and keeps the ids of the writes it
 * made. A stop puts it back and a rejected token pauses it (the caller
 * marks the connection). A passing Tracker error keeps it for a retry,
 * and any other error or the last attempt fails it.
 */
async function settleFailure(
  db: Db,
  claim: WriteBack,
  progress: WriteProgress,
  error: unknown,
  signal: AbortSignal | undefined,
): Promise<Pick<WriteBackResult, "status" | "reason">> {
  const { screeningId } = claim;
  const reason = describeError(error);
  const context = { screeningId, connectionId: claim.connectionId };
  const keptWrites = {
    activityId: progress.activityId,
    documentId: progress.documentId,
    ...unsentMarks(claim, progress),
  };
  if (isStopRequested(error, signal)) {
    // The attempt marks stay, so a POST cut off here is looked up first.
    // Tracker may still be storing that POST. An earlier lookup could
    // miss it and write a second Activity, so the retry waits one
    // request timeout.
    await reschedule(db, [screeningId], {
      refundAttempt: true,
      delaySeconds: Math.ceil(getEnv().TRACKER_REQUEST_TIMEOUT_MS / 1000),
      marks: keptWrites,
    });
    return { status: "deferred" };
  }
  if (isAuthError(error)) {
    await reschedule(db, [screeningId], {
      refundAttempt: true,
      delaySeconds: 0,
      reason,
      marks: keptWrites,
    });
    return { status: "paused", reason };
  }
  if (isRetryable(error) && claim.attempts < MAX_WRITE_BACK_ATTEMPTS) {
    const delaySeconds = retryDelaySeconds(claim.attempts);
    await reschedule(db, [screeningId], {
      delaySeconds,
      reason,
      marks: keptWrites,
    });
    log.warn(
      { ...context, attempt: claim.attempts, delaySeconds, err: error },
      "write-back failed; it will be retried",
    );
    return { status: "retry", reason };
  }
  await db
    .update(writeBacks)
    .set({
      ...keptWrites,
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
  return { status: "failed", reason };
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

async function claimWriteBacks(
  db: Db,
  screeningIds: readonly string[],
): Promise<WriteBack[]> {
  if (screeningIds.length === 0) return [];
  const rows = await db
    .update(writeBacks)
    .set({
      status: "running",
      attempts: sql`${writeBacks.attempts} + 1`,
      leaseExpiresAt: sql`now() + make_interval(secs => ${WRITE_BACK_LEASE_SECONDS})`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        inArray(writeBacks.screeningId, [...screeningIds]),
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
  const order = new Map(screeningIds.map((id, index) => [id, index]));
  return rows.sort(
    (a, b) => order.get(a.screeningId)! - order.get(b.screeningId)!,
  );
}

async function reschedule(
  db: Db,
  screeningIds: readonly string[],
  options: {
    delaySeconds: number;
    refundAttempt?: boolean;
    reason?: string;
    /** Write ids and attempt marks to store with it. */
    marks?: Partial<
      Pick<
        WriteBack,
        | "activityId"
        | "documentId"
        | "activityAttemptedAt"
        | "documentAttemptedAt"
      >
    >;
  },
) {
  await db
    .update(writeBacks)
    .set({
      ...options.marks,
      status: "pending",
      leaseExpiresAt: null,
      nextAttemptAt: sql`now() + make_interval(secs => ${options.delaySeconds})`,
      ...(options.reason ? { lastError: options.reason } : {}),
      ...(options.refundAttempt
        ? { attempts: sql`greatest(${writeBacks.attempts} - 1, 0)` }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(inArray(writeBacks.screeningId, [...screeningIds]));
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
