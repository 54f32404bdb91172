import { getLogger } from "@/lib/logger";

import { createInvitation, formLink, markInvitationSent } from "../invitations";
import { getMailTransport } from "../mail/mail-transport";
import { formInvitationEmail, formInvitationText } from "../messages";
import { sendBackupSms, sendSms } from "../sms/send-sms";
import { normalizePhone } from "../sms/sms-provider";
import { candidateFirstName } from "../workflow/screening-context";
import { noContact, type StepRunner } from "./step-runner";

const log = getLogger("channels:form");

/**
 * Invites the candidate to the hosted form by email, and by SMS as well
 * when the workflow has an SMS step (the agent texts its candidates) or the
 * candidate has no email address.
 */
export const formRunner: StepRunner<"form"> = {
  kind: "form",
  async start(db, context, step) {
    const { candidate, screening, workflow } = context;
    const email = candidate.email?.trim() || null;
    const phone = normalizePhone(candidate.mobilePhone ?? candidate.telephone);
    const textsAllowed = workflow.steps.some((item) => item.kind === "sms");
    const useSms = phone !== null && (textsAllowed || email === null);

    if (!email && !useSms) {
      return noContact(
        "The candidate has no email address or mobile number in Tracker, " +
          "so the form invitation could not be sent.",
      );
    }

    const { invitation, token } = await createInvitation(db, {
      workspaceId: screening.workspaceId,
      screeningId: screening.id,
      stepId: step.id,
      channel: "form",
      email,
      phone: useSms ? phone : null,
      deadlineHours: workflow.deadlineHours,
    });
    const details = {
      firstName: candidateFirstName(candidate),
      jobTitle: context.mapping.jobTitle,
      workspaceName: context.workspaceName,
      link: formLink(token),
      expiresAt: invitation.expiresAt,
      timeZone: context.timeZone,
      questionCount: step.questions.length,
    };

    const sentTo: string[] = [];
    if (email) {
      await getMailTransport().send(
        {
          to: email,
          ...formInvitationEmail(details),
        },
        db,
      );
      sentTo.push("email");
    }
    if (useSms && phone) {
      const text = formInvitationText(details);
      const sent = email
        ? await sendBackupSms(db, phone, text, { invitationId: invitation.id })
        : await sendSms(db, phone, text);
      if (sent) sentTo.push("SMS");
    }
    if (sentTo.length > 0) await markInvitationSent(db, invitation.id);
    if (sentTo.length === 0) {
      return noContact(
        "The candidate has no email address and has opted out of texts, " +
          "so the form invitation could not be sent.",
      );
    }
    log.info(
      { screeningId: screening.id, invitationId: invitation.id, sentTo },
      "form invitation sent",
    );
    return {
      kind: "waiting",
      detail: `Form invitation sent by ${sentTo.join(" and ")}.`,
    };
  },
};
