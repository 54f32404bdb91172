import { and, eq } from "drizzle-orm";

import { getDb } from "@/db";
import { jobMappings, trackerConnections } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { enqueue, QUEUES } from "@/lib/queue/boss";

const log = getLogger("sync.sync-now");

export type SyncNowResult =
  { ok: true; queued: boolean } | { ok: false; error: string };

/**
 * Queues a poll of the mapping's connection for the next cron or worker
 * run. It goes through the same queue key and crawl lease as scheduled
 * polls, so pressing it repeatedly, or while a poll runs, adds no second
 * poll. `queued` is false when a poll was already waiting.
 */
export async function requestSyncNow(
  workspaceId: string,
  mappingId: string,
): Promise<SyncNowResult> {
  const db = await getDb();
  const [row] = await db
    .select({
      status: jobMappings.status,
      connectionId: jobMappings.connectionId,
      connectionStatus: trackerConnections.status,
    })
    .from(jobMappings)
    .leftJoin(
      trackerConnections,
      eq(trackerConnections.id, jobMappings.connectionId),
    )
    .where(
      and(
        eq(jobMappings.id, mappingId),
        eq(jobMappings.workspaceId, workspaceId),
      ),
    );
  if (!row) return { ok: false, error: "Job mapping not found." };
  if (row.status !== "active") {
    return { ok: false, error: "This job mapping was removed." };
  }
  if (!row.connectionId || row.connectionStatus !== "connected") {
    return {
      ok: false,
      error:
        "Tracker is not connected. Save a valid access token under " +
        "Integrations, then sync again.",
    };
  }

  const jobId = await enqueue(
    QUEUES.pollConnection,
    { connectionId: row.connectionId },
    row.connectionId,
  );
  log.info(
    { workspaceId, mappingId, connectionId: row.connectionId, queued: !!jobId },
    "sync requested",
  );
  return { ok: true, queued: jobId !== null };
}
