import { and, eq, max } from "drizzle-orm";

import { getDb } from "@/db";
import { screenings } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { enqueue, QUEUES } from "@/lib/queue/boss";

import { recordPulledEvents } from "./page-commit";
import { FINISHED_STATES } from "./screening-state";

const log = getLogger("sync.rescreen");

export type RescreenResult =
  { ok: true; screeningId: string } | { ok: false; error: string };

/**
 * Screens a placement again for the same mapping, as a new screening. The
 * sync engine never does this on its own: a candidate who leaves the
 * trigger stage and comes back keeps their first screening until an admin
 * requests a re-screen with this function. Only a screening that has finished can be repeated.
 */
export async function requestRescreen(
  workspaceId: string,
  screeningId: string,
): Promise<RescreenResult> {
  const db = await getDb();
  const [original] = await db
    .select()
    .from(screenings)
    .where(
      and(
        eq(screenings.id, screeningId),
        eq(screenings.workspaceId, workspaceId),
      ),
    );
  if (!original) return { ok: false, error: "Screening not found." };
  if (!FINISHED_STATES.includes(original.state)) {
    return {
      ok: false,
      error: "This screening is still running; wait until it has finished.",
    };
  }

  const created = await db.transaction(async (tx) => {
    const [latest] = await tx
      .select({ number: max(screenings.rescreenNumber) })
      .from(screenings)
      .where(
        and(
          eq(screenings.workspaceId, workspaceId),
          eq(screenings.connectionId, original.connectionId),
          eq(screenings.trackerPlacementId, original.trackerPlacementId),
          eq(screenings.mappingId, original.mappingId),
        ),
      );
    const [row] = await tx
      .insert(screenings)
      .values({
        workspaceId,
        connectionId: original.connectionId,
        mappingId: original.mappingId,
        agentId: original.agentId,
        source: "manual",
        trackerPlacementId: original.trackerPlacementId,
        trackerJobId: original.trackerJobId,
        trackerCandidateId: original.trackerCandidateId,
        rescreenNumber: (latest?.number ?? 0) + 1,
      })
      .onConflictDoNothing()
      .returning({ id: screenings.id });
    if (!row) return null;
    await recordPulledEvents(
      tx,
      [{ screeningId: row.id }],
      `re-screen of ${screeningId} requested by an admin`,
    );
    return row.id;
  });
  if (!created) {
    return {
      ok: false,
      error: "A re-screen was requested at the same moment; reload the page.",
    };
  }

  await enqueue(QUEUES.screenCandidate, { screeningId: created }, created);
  log.info(
    { workspaceId, screeningId, rescreenId: created },
    "re-screen requested",
  );
  return { ok: true, screeningId: created };
}
