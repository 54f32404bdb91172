import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { trackerConnections } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { TrackerAuthError } from "@/lib/tracker/errors";

const log = getLogger("sync.connection-health");

/**
 * Marks a connection as needing a new access token. Polls, backfills,
 * intake and write-backs skip such a connection until an admin saves a
 * new token (status back to connected). Their cursors and queued work are
 * kept, so they resume where they stopped.
 */
export async function markNeedsToken(
  db: Db,
  connectionId: string,
  error: TrackerAuthError,
): Promise<void> {
  const updated = await db
    .update(trackerConnections)
    .set({
      status: "needs_token",
      statusReason: error.message,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(trackerConnections.id, connectionId),
        eq(trackerConnections.status, "connected"),
      ),
    )
    .returning({ id: trackerConnections.id });
  if (updated.length > 0) {
    log.warn(
      { connectionId, operation: error.operation },
      "Tracker rejected the access token; connection paused until a new " +
        "token is saved",
    );
  }
}

export function isAuthError(error: unknown): error is TrackerAuthError {
  return error instanceof TrackerAuthError;
}
