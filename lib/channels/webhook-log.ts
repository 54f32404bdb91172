import { and, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { webhookEvents, type WebhookOutcome } from "@/db/schema";
import type { DbOrTx } from "@/lib/sync/db-types";

type WebhookSource = "twilio" | "interview";

/**
 * Records an accepted event id. Returns false when the id was accepted
 * before, so the caller rejects the delivery as a replay. The partial
 * unique index on accepted rows makes this safe under concurrent calls.
 */
export async function claimWebhookEvent(
  db: DbOrTx,
  source: WebhookSource,
  eventId: string,
): Promise<boolean> {
  const inserted = await db
    .insert(webhookEvents)
    .values({ source, eventId, outcome: "accepted" })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return inserted.length > 0;
}

/** Records a rejected delivery so forged and replayed calls can be audited. */
export async function recordRejectedWebhook(
  db: Db,
  source: WebhookSource,
  outcome: Exclude<WebhookOutcome, "accepted">,
  eventId: string | null,
  detail: string,
): Promise<void> {
  await db.insert(webhookEvents).values({
    source,
    outcome,
    eventId: eventId?.slice(0, 200) ?? null,
    detail: detail.slice(0, 500),
  });
}

/** Frees an accepted id whose handling failed, so a retry is not a replay. */
export async function releaseWebhookEvent(
  db: Db,
  source: WebhookSource,
  eventId: string,
): Promise<void> {
  await db
    .delete(webhookEvents)
    .where(
      and(
        eq(webhookEvents.source, source),
        eq(webhookEvents.eventId, eventId),
        eq(webhookEvents.outcome, "accepted"),
      ),
    );
}
