import { sql } from "drizzle-orm";

import { interviewSessions } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

import { getInterviewEngine } from "../interview/get-interview-engine";
import { createInvitation, markInvitationSent } from "../invitations";
import { getMailTransport } from "../mail/mail-transport";
import { voiceInvitationEmail, voiceInvitationText } from "../messages";
import { sendBackupSms, sendSms } from "../sms/send-sms";
import { normalizePhone } from "../sms/sms-provider";
import { candidateFirstName } from "../workflow/screening-context";
import { noContact, type StepRunner } from "./step-runner";

const log = getLogger("channels:voice");

/**
 * Creates an interview session on the interview engine with the step's
 * questions and sends the candidate its link by email, and by SMS when
 * there is a mobile number. The engine's completion webhook ends the step.
 */
export const voiceRunner: StepRunner<"voice"> = {
  kind: "voice",
  async start(db, context, step) {
    const { candidate, screening, workflow } = context;
    const email = candidate.email?.trim() || null;
    const phone = normalizePhone(candidate.mobilePhone ?? candidate.telephone);
    if (!email && !phone) {
      return noContact(
        "The candidate has no email address or mobile number in Tracker, " +
          "so the interview link could not be sent.",
      );
    }

    const { invitation } = await createInvitation(db, {
      workspaceId: screening.workspaceId,
      screeningId: screening.id,
      stepId: step.id,
      channel: "voice",
      email,
      phone,
      deadlineHours: workflow.deadlineHours,
    });

    const name =
      [candidate.firstName, candidate.lastName].filter(Boolean).join(" ") ||
      "Candidate";
    const session = await getInterviewEngine().createSession({
      reference: invitation.id,
      candidate: { name, email, phone },
      jobTitle: context.mapping.jobTitle,
      questions: step.questions.map(({ id, prompt }) => ({ id, prompt })),
      webhookUrl: new URL(
        "/api/webhooks/interview",
        getEnv().APP_URL,
      ).toString(),
      expiresAt: invitation.expiresAt,
    });
    await db
      .insert(interviewSessions)
      .values({
        invitationId: invitation.id,
        engineSessionId: session.sessionId,
        joinUrl: session.joinUrl,
      })
      .onConflictDoUpdate({
        target: interviewSessions.invitationId,
        set: {
          engineSessionId: session.sessionId,
          joinUrl: session.joinUrl,
          status: "created",
          updatedAt: sql`now()`,
        },
      });

    const details = {
      firstName: candidateFirstName(candidate),
      jobTitle: context.mapping.jobTitle,
      workspaceName: context.workspaceName,
      link: session.joinUrl,
      expiresAt: invitation.expiresAt,
      timeZone: context.timeZone,
      questionCount: step.questions.length,
    };
    const sentTo: string[] = [];
    if (email) {
      await getMailTransport().send(
        {
          to: email,
          ...voiceInvitationEmail(details),
        },
        db,
      );
      sentTo.push("email");
    }
    if (phone) {
      const text = voiceInvitationText(details);
      const sent = email
        ? await sendBackupSms(db, phone, text, { invitationId: invitation.id })
        : await sendSms(db, phone, text);
      if (sent) sentTo.push("SMS");
    }
    if (sentTo.length === 0) {
      return noContact(
        "The candidate has no email address and has opted out of texts, " +
          "so the interview link could not be sent.",
      );
    }
    await markInvitationSent(db, invitation.id);

    log.info(
      {
        screeningId: screening.id,
        invitationId: invitation.id,
        sessionId: session.sessionId,
        sentTo,
      },
      "voice interview link sent",
    );
    return {
      kind: "waiting",
      detail: `Interview link sent by ${sentTo.join(" and ")}.`,
    };
  },
};
