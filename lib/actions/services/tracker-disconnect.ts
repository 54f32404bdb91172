import { and, eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { backfills, jobMappings, trackerConnections } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { forgetConnectionJwt } from "@/lib/tracker";
import { getLogger } from "@/lib/logger";

import { assertRole, type Actor } from "./actor";
import {
  CONNECTION_ROLE,
  DISCONNECTED_LAST4,
  requireConnection,
} from "./tracker-connection";

const log = getLogger("tracker-connection");

/**
 * Forgets the access token and JWT but keeps the connection row, because
 * candidates, screenings and sync state reference it. Mappings stay
 * active and resume when a token is saved again; open backfills are
 * cancelled because they cannot read Tracker.
 */
export async function disconnectTracker(
  db: Db,
  actor: Actor,
): Promise<{ pausedMappings: number; cancelledBackfills: number }> {
  assertRole(actor, CONNECTION_ROLE);
  const existing = await requireConnection(db, actor.workspaceId);

  return db.transaction(async (tx) => {
    await forgetConnectionJwt(tx, existing);
    await tx
      .update(trackerConnections)
      .set({
        accessTokenEncrypted: encryptSecret(""),
        accessTokenLast4: DISCONNECTED_LAST4,
        status: "needs_token",
        statusReason: "Disconnected by a workspace admin.",
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(trackerConnections.id, existing.id),
          eq(trackerConnections.workspaceId, actor.workspaceId),
        ),
      );

    const [mappingCount] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(jobMappings)
      .where(
        and(
          eq(jobMappings.workspaceId, actor.workspaceId),
          eq(jobMappings.status, "active"),
        ),
      );

    const cancelled = await tx
      .update(backfills)
      .set({
        status: "cancelled",
        error: "Cancelled because Tracker was disconnected.",
        finishedAt: new Date(),
      })
      .where(
        and(
          eq(backfills.workspaceId, actor.workspaceId),
          inArray(backfills.status, ["queued", "running"]),
        ),
      )
      .returning({ id: backfills.id });

    log.info(
      {
        workspaceId: actor.workspaceId,
        connectionId: existing.id,
        pausedMappings: mappingCount?.count ?? 0,
        cancelledBackfills: cancelled.length,
      },
      "tracker disconnected",
    );
    return {
      pausedMappings: mappingCount?.count ?? 0,
      cancelledBackfills: cancelled.length,
    };
  });
}
