import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  formAnswers,
  interviewSessions,
  invitations,
  screenings,
  smsConversations,
  type Invitation,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { QuestionStepInput } from "@/lib/screening/scorer";

import { invitationFormLink } from "./invitations";
import { getMailTransport } from "./mail/mail-transport";
import {
  formReminderEmail,
  formReminderText,
  smsQuestionText,
  STOP_FOOTER,
} from "./messages";
import { decideReminder } from "./reminders";
import { sendSms } from "./sms/send-sms";
import { continueScreening } from "./workflow/continue-screening";
import { finishQuestionStep } from "./workflow/finish-step";
import {
  candidateFirstName,
  loadScreeningContext,
} from "./workflow/screening-context";

const log = getLogger("channels:sweep");

// Rows handled per run; the cron calls again a minute later for the rest.
const BATCH_SIZE = 100;

export type SweepCounts = {
  expired: number;
  reminded: number;
  resumed: number;
  failed: number;
};

// A screening whose steps all ended this long ago without a next step or
// a result is taken as stalled (the move on failed) and is resumed.
const STALLED_AFTER = "2 minutes";

/**
 * Expires invitations past their deadline, sends due reminders and resumes
 * stalled screenings. Meant
 * for a cron route every few minutes; stops taking new rows after
 * `deadline` (epoch milliseconds).
 */
export async function runChannelSweep(
  db: Db,
  options: { now?: Date; deadline?: number } = {},
): Promise<SweepCounts> {
  const now = options.now ?? new Date();
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const counts: SweepCounts = {
    expired: 0,
    reminded: 0,
    resumed: 0,
    failed: 0,
  };

  const overdue = await db
    .select()
    .from(invitations)
    .where(
      and(
        inArray(invitations.status, ["sent", "opened"]),
        lte(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.expiresAt))
    .limit(BATCH_SIZE);
  for (const invitation of overdue) {
    if (Date.now() > deadline) break;
    try {
      await expireInvitation(db, invitation, now);
      counts.expired += 1;
    } catch (error) {
      counts.failed += 1;
      log.error(
        { err: error, invitationId: invitation.id },
        "could not expire the invitation",
      );
    }
  }

  const open = await db
    .select()
    .from(invitations)
    .where(
      and(
        inArray(invitations.status, ["sent", "opened"]),
        inArray(invitations.channel, ["form", "sms"]),
        gt(invitations.expiresAt, now),
        isNotNull(invitations.sentAt),
      ),
    )
    .orderBy(asc(invitations.lastReminderAt))
    .limit(BATCH_SIZE);
  for (const invitation of open) {
    if (Date.now() > deadline) break;
    try {
      if (await remindIfDue(db, invitation, now)) counts.reminded += 1;
    } catch (error) {
      counts.failed += 1;
      log.error(
        { err: error, invitationId: invitation.id },
        "could not send the reminder",
      );
    }
  }
  for (const screeningId of await findStalledScreenings(db)) {
    if (Date.now() > deadline) break;
    try {
      await continueScreening(db, screeningId);
      counts.resumed += 1;
    } catch (error) {
      counts.failed += 1;
      log.error({ err: error, screeningId }, "could not resume the screening");
    }
  }
  return counts;
}

/**
 * Finds waiting screenings with no open invitation: a step ended but
 * moving on (sending the next invitation, storing the result) failed.
 */
async function findStalledScreenings(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: screenings.id })
    .from(screenings)
    .where(
      and(
        inArray(screenings.state, ["invited", "in_progress"]),
        lte(screenings.updatedAt, sql`now() - ${STALLED_AFTER}::interval`),
        sql`exists (select 1 from ${invitations} where ${invitations.screeningId} = ${screenings.id})`,
        sql`not exists (select 1 from ${invitations} where ${invitations.screeningId} = ${screenings.id} and ${invitations.status} in ('sent', 'opened'))`,
      ),
    )
    .limit(BATCH_SIZE);
  return rows.map((row) => row.id);
}

/**
 * Ends a step whose deadline passed. A candidate who started (opened the
 * form, replied to a text) is "expired"; one who never did is
 * "no_response". Both end the workflow without a score.
 */
export async function expireInvitation(
  db: Db,
  invitation: Invitation,
  now: Date,
): Promise<void> {
  let started = invitation.status === "opened";
  let transcript: QuestionStepInput["transcript"] = [];

  if (invitation.channel === "form") {
    const saved = await db
      .select({ questionId: formAnswers.questionId })
      .from(formAnswers)
      .where(eq(formAnswers.invitationId, invitation.id))
      .limit(1);
    started ||= saved.length > 0;
  }
  if (invitation.channel === "sms") {
    const [conversation] = await db
      .update(smsConversations)
      .set({ status: "expired", updatedAt: sql`now()` })
      .where(eq(smsConversations.invitationId, invitation.id))
      .returning();
    transcript = conversation?.transcript ?? [];
    started ||= transcript.some((turn) => turn.speaker === "candidate");
  }
  if (invitation.channel === "voice") {
    await db
      .update(interviewSessions)
      .set({ status: "expired", updatedAt: sql`now()` })
      .where(eq(interviewSessions.invitationId, invitation.id));
  }

  await finishQuestionStep(
    db,
    invitation,
    {
      status: started ? "expired" : "no_response",
      answers: [],
      transcript,
      completedAt: now,
    },
    "expired",
  );
  log.info(
    { invitationId: invitation.id, started },
    "invitation expired at its deadline",
  );
}

async function remindIfDue(
  db: Db,
  invitation: Invitation,
  now: Date,
): Promise<boolean> {
  const context = await loadScreeningContext(db, invitation.screeningId);
  const step = context.workflow.steps.find(
    (item) => item.id === invitation.stepId,
  );
  if (!step || (step.kind !== "form" && step.kind !== "sms")) return false;

  const decision = decideReminder(
    step.reminders,
    invitation,
    now,
    context.timeZone,
  );
  if (!decision.send) return false;

  // Claim the reminder first: of two sweeps at once only one updates the
  // row from this count, so the maximum holds.
  const claimed = await db
    .update(invitations)
    .set({
      remindersSent: invitation.remindersSent + 1,
      lastReminderAt: now,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(invitations.id, invitation.id),
        eq(invitations.remindersSent, invitation.remindersSent),
        inArray(invitations.status, ["sent", "opened"]),
      ),
    )
    .returning({ id: invitations.id });
  if (claimed.length === 0) return false;

  if (step.kind === "form") {
    const details = {
      firstName: candidateFirstName(context.candidate),
      jobTitle: context.mapping.jobTitle,
      workspaceName: context.workspaceName,
      link: invitationFormLink(invitation),
      expiresAt: invitation.expiresAt,
      timeZone: context.timeZone,
      questionCount: step.questions.length,
    };
    if (invitation.email) {
      await getMailTransport().send(
        {
          to: invitation.email,
          ...formReminderEmail(details),
        },
        db,
      );
    }
    if (invitation.phone) {
      await sendSms(db, invitation.phone, formReminderText(details));
    }
  } else {
    const [conversation] = await db
      .select()
      .from(smsConversations)
      .where(eq(smsConversations.invitationId, invitation.id));
    const question = conversation
      ? step.questions[conversation.questionIndex]
      : undefined;
    if (!conversation || !question || !invitation.phone) return false;
    const text =
      "Reminder: " +
      smsQuestionText(
        question,
        conversation.questionIndex,
        step.questions.length,
      ) +
      ` ${STOP_FOOTER}`;
    await sendSms(db, invitation.phone, text);
  }
  log.info(
    {
      invitationId: invitation.id,
      reminder: invitation.remindersSent + 1,
    },
    "reminder sent",
  );
  return true;
}
