import type { Question } from "@/lib/screening/workflow";

/**
 * The words candidates receive. Kept in one file so the tone stays the same
 * across email, SMS and reminders.
 */

export type InvitationDetails = {
  firstName: string;
  jobTitle: string;
  workspaceName: string;
  link: string;
  expiresAt: Date;
  timeZone: string;
  questionCount: number;
};

export const STOP_FOOTER = "Reply STOP to opt out.";

export function formatDeadline(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

export function formInvitationEmail(details: InvitationDetails) {
  const deadline = formatDeadline(details.expiresAt, details.timeZone);
  const subject = `${details.jobTitle}: a few questions from ${details.workspaceName}`;
  const text = [
    `Hi ${details.firstName},`,
    "",
    `Thank you for your interest in the ${details.jobTitle} role. The next ` +
      `step is a short form of ${details.questionCount} ` +
      `question${details.questionCount === 1 ? "" : "s"}; it takes a few ` +
      "minutes and works on a phone.",
    "",
    `Open the form: ${details.link}`,
    "",
    `The link works until ${deadline}. Your answers are saved as you go.`,
    "",
    details.workspaceName,
  ].join("\n");
  const html = `<p>Hi ${escapeHtml(details.firstName)},</p>
<p>Thank you for your interest in the ${escapeHtml(details.jobTitle)} role. The next step is a short form of ${details.questionCount} question${details.questionCount === 1 ? "" : "s"}; it takes a few minutes and works on a phone.</p>
<p><a href="${escapeHtml(details.link)}">Open the form</a></p>
<p>The link works until ${escapeHtml(deadline)}. Your answers are saved as you go.</p>
<p>${escapeHtml(details.workspaceName)}</p>`;
  return { subject, text, html };
}

export function formInvitationText(details: InvitationDetails): string {
  return (
    `Hi ${details.firstName}, ${details.workspaceName} here about the ` +
    `${details.jobTitle} role. Please answer ${details.questionCount} short ` +
    `questions: ${details.link} ${STOP_FOOTER}`
  );
}

export function formReminderEmail(details: InvitationDetails) {
  const deadline = formatDeadline(details.expiresAt, details.timeZone);
  return {
    subject: `Reminder: ${details.jobTitle} questions`,
    text: [
      `Hi ${details.firstName},`,
      "",
      `A reminder to answer the short form for the ${details.jobTitle} role.`,
      `Open the form: ${details.link}`,
      "",
      `The link works until ${deadline}.`,
      "",
      details.workspaceName,
    ].join("\n"),
  };
}

export function formReminderText(details: InvitationDetails): string {
  return (
    `Reminder from ${details.workspaceName}: please answer the questions ` +
    `for ${details.jobTitle}: ${details.link} ${STOP_FOOTER}`
  );
}

export function voiceInvitationEmail(details: InvitationDetails) {
  const deadline = formatDeadline(details.expiresAt, details.timeZone);
  return {
    subject: `${details.jobTitle}: a short voice interview`,
    text: [
      `Hi ${details.firstName},`,
      "",
      `The next step for the ${details.jobTitle} role is a short voice ` +
        `interview of ${details.questionCount} questions with our ` +
        "interview assistant. You can take it at any time that suits you.",
      "",
      `Start the interview: ${details.link}`,
      "",
      `The link works until ${deadline}.`,
      "",
      details.workspaceName,
    ].join("\n"),
  };
}

export function voiceInvitationText(details: InvitationDetails): string {
  return (
    `Hi ${details.firstName}, ${details.workspaceName} here. Please take a ` +
    `short voice interview for ${details.jobTitle}: ${details.link} ` +
    STOP_FOOTER
  );
}

/** Formats one SMS question, with how to reply when the type needs it. */
export function smsQuestionText(
  question: Question,
  index: number,
  total: number,
): string {
  const prefix = `Question ${index + 1} of ${total}: ${question.prompt}`;
  switch (question.type) {
    case "yes_no":
      return `${prefix} Reply YES or NO.`;
    case "number":
      return `${prefix} Reply with a number.`;
    case "choice":
      return (
        `${prefix} Reply with a number: ` +
        question.options.map((option, i) => `${i + 1}) ${option}`).join(" ")
      );
    case "text":
      return prefix;
  }
}

export function smsIntroText(details: {
  firstName: string;
  workspaceName: string;
  jobTitle: string;
  questionCount: number;
}): string {
  return (
    `Hi ${details.firstName}, ${details.workspaceName} here about the ` +
    `${details.jobTitle} role. Please answer ${details.questionCount} short ` +
    `questions by text. ${STOP_FOOTER}`
  );
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
