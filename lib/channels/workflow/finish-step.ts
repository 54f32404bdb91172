import { and, eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { invitations, type Invitation } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { QuestionStepInput } from "@/lib/screening/scorer";

import { continueScreening } from "./continue-screening";

const log = getLogger("channels:steps");

export type FinishedStatus = "completed" | "knocked_out" | "expired";

/**
 * Stores a question step's scorer input on its invitation and moves the
 * workflow on (the next step's invitation, or the final result). Only an
 * open invitation can finish, so a late webhook or a second submit of the
 * same form returns false and changes nothing.
 */
export async function finishQuestionStep(
  db: Db,
  invitation: Invitation,
  input: QuestionStepInput,
  status: FinishedStatus,
): Promise<boolean> {
  const stored = {
    ...input,
    completedAt: (input.completedAt ?? new Date()).toISOString(),
  };
  const updated = await db
    .update(invitations)
    .set({
      status,
      stepInput: stored,
      completedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(invitations.id, invitation.id),
        inArray(invitations.status, ["sent", "opened"]),
      ),
    )
    .returning({ id: invitations.id });
  if (updated.length === 0) {
    log.info(
      { invitationId: invitation.id },
      "step already finished; ignoring the repeat",
    );
    return false;
  }

  log.info(
    {
      invitationId: invitation.id,
      screeningId: invitation.screeningId,
      stepId: invitation.stepId,
      status,
    },
    "question step finished",
  );
  await continueScreening(db, invitation.screeningId);
  return true;
}
