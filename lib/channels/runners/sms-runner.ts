import { sql } from "drizzle-orm";

import { smsConversations } from "@/db/schema";
import { getLogger } from "@/lib/logger";

import { createInvitation, markInvitationSent } from "../invitations";
import { smsIntroText, smsQuestionText } from "../messages";
import { isOptedOut, sendSms } from "../sms/send-sms";
import { normalizePhone } from "../sms/sms-provider";
import { candidateFirstName } from "../workflow/screening-context";
import { noContact, type StepRunner } from "./step-runner";

const log = getLogger("channels:sms");

/**
 * Opens an SMS conversation: one text with a greeting and the first
 * question. Replies arrive on the Twilio webhook (or the simulated phone)
 * and `handleInboundSms` asks the next question.
 */
export const smsRunner: StepRunner<"sms"> = {
  kind: "sms",
  async start(db, context, step) {
    const { candidate, screening, workflow } = context;
    const phone = normalizePhone(candidate.mobilePhone ?? candidate.telephone);
    if (!phone) {
      return noContact(
        "The candidate has no valid mobile number in Tracker, so the SMS " +
          "questions could not be sent.",
      );
    }
    if (await isOptedOut(db, phone)) {
      return noContact(
        "The candidate's number opted out of texts with STOP, so the SMS " +
          "questions could not be sent.",
      );
    }

    const { invitation } = await createInvitation(db, {
      workspaceId: screening.workspaceId,
      screeningId: screening.id,
      stepId: step.id,
      channel: "sms",
      email: null,
      phone,
      deadlineHours: workflow.deadlineHours,
    });

    const first = step.questions[0]!;
    const text =
      smsIntroText({
        firstName: candidateFirstName(candidate),
        workspaceName: context.workspaceName,
        jobTitle: context.mapping.jobTitle,
        questionCount: step.questions.length,
      }) +
      "\n\n" +
      smsQuestionText(first, 0, step.questions.length);

    // A retried start reuses the conversation and starts it over.
    const transcript = [
      { speaker: "agent" as const, text, at: new Date().toISOString() },
    ];
    await db
      .insert(smsConversations)
      .values({ invitationId: invitation.id, phone, transcript })
      .onConflictDoUpdate({
        target: smsConversations.invitationId,
        set: {
          phone,
          questionIndex: 0,
          reasked: false,
          answers: [],
          transcript,
          status: "active",
          updatedAt: sql`now()`,
        },
      });
    await sendSms(db, phone, text);
    await markInvitationSent(db, invitation.id);

    log.info(
      { screeningId: screening.id, invitationId: invitation.id },
      "SMS conversation started",
    );
    return { kind: "waiting", detail: "SMS questions sent." };
  },
};
