import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  invitations,
  type Invitation,
  type InvitationChannel,
} from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import type { QuestionStepInput } from "@/lib/screening/scorer";
import type { DbOrTx } from "@/lib/sync/db-types";

import { createToken, hashToken, isWellFormedToken } from "./tokens";

const HOUR_MS = 3_600_000;

export type CreatedInvitation = { invitation: Invitation; token: string };

/**
 * Creates the invitation of one screening step with a fresh link token.
 * Calling it again for the same step (a retried start) replaces the token,
 * so only the newest link sent works, and keeps every other field.
 */
export async function createInvitation(
  db: DbOrTx,
  input: {
    workspaceId: string;
    screeningId: string;
    stepId: string;
    channel: InvitationChannel;
    email: string | null;
    phone: string | null;
    deadlineHours: number;
    now?: Date;
  },
): Promise<CreatedInvitation> {
  const now = input.now ?? new Date();
  const token = createToken();
  const [invitation] = await db
    .insert(invitations)
    .values({
      workspaceId: input.workspaceId,
      screeningId: input.screeningId,
      stepId: input.stepId,
      channel: input.channel,
      tokenHash: hashToken(token),
      tokenEncrypted: encryptSecret(token),
      email: input.email,
      phone: input.phone,
      expiresAt: new Date(now.getTime() + input.deadlineHours * HOUR_MS),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [invitations.screeningId, invitations.stepId],
      set: {
        tokenHash: hashToken(token),
        tokenEncrypted: encryptSecret(token),
        sentAt: null,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return { invitation: invitation!, token };
}

export async function markInvitationSent(db: DbOrTx, invitationId: string) {
  await db
    .update(invitations)
    .set({ sentAt: sql`coalesce(${invitations.sentAt}, now())` })
    .where(eq(invitations.id, invitationId));
}

export async function findInvitationByToken(
  db: Db,
  token: string,
): Promise<Invitation | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row ?? null;
}

export async function findInvitation(
  db: DbOrTx,
  screeningId: string,
  stepId: string,
): Promise<Invitation | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.screeningId, screeningId),
        eq(invitations.stepId, stepId),
      ),
    );
  return row ?? null;
}

/** Whether the candidate can still answer: not finished and not past due. */
export function isInvitationOpen(invitation: Invitation, now = new Date()) {
  const active = invitation.status === "sent" || invitation.status === "opened";
  return active && invitation.expiresAt.getTime() > now.getTime();
}

export function formLink(token: string): string {
  return new URL(`/form/${token}`, getEnv().APP_URL).toString();
}

/** Rebuilds the form link of a stored invitation, for reminders. */
export function invitationFormLink(invitation: Invitation): string {
  return formLink(decryptSecret(invitation.tokenEncrypted));
}

/** Reads the scorer input stored on a finished invitation. */
export function readStepInput(
  invitation: Invitation,
): QuestionStepInput | null {
  const stored = invitation.stepInput as
    (Omit<QuestionStepInput, "completedAt"> & { completedAt?: string }) | null;
  if (!stored) return null;
  return {
    ...stored,
    completedAt: stored.completedAt ? new Date(stored.completedAt) : undefined,
  };
}
