import { and, desc, eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  invitations,
  smsConversations,
  smsOptOuts,
  type Invitation,
  type SmsConversation,
  type SmsTurn,
} from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { scoreAnswer, scoreAnswers } from "@/lib/screening/answer-scorer";
import type { SmsStep } from "@/lib/screening/workflow";

import { isInvitationOpen } from "../invitations";
import { smsQuestionText } from "../messages";
import { finishQuestionStep } from "../workflow/finish-step";
import { loadScreeningContext } from "../workflow/screening-context";
import { readKeyword } from "./keywords";
import { isOptedOut, sendSms } from "./send-sms";
import { normalizePhone } from "./sms-provider";

const log = getLogger("channels:sms-conversation");

export type InboundSms = { from: string; body: string };

export type InboundResult =
  | "opted_out"
  | "opted_in"
  | "answered"
  | "completed"
  | "knocked_out"
  | "no_conversation"
  | "ignored_opted_out";

const CLOSING_TEXT =
  "Thank you, that was the last question. We will be in touch.";
const KNOCKOUT_TEXT =
  "Thank you for your answers. We will be in touch about next steps.";

/**
 * Handles one text from a candidate: STOP and START keywords, then the
 * reply to the current question of their open conversation. Replies are
 * scored as they arrive, a dealbreaker answer ends the step, and an unclear
 * reply gets the question once more.
 */
export async function handleInboundSms(
  db: Db,
  message: InboundSms,
): Promise<InboundResult> {
  const phone = normalizePhone(message.from);
  if (!phone) return "no_conversation";
  const keyword = readKeyword(message.body);
  const optedOut = await isOptedOut(db, phone);

  if (keyword === "opt_out") {
    await db.insert(smsOptOuts).values({ phone }).onConflictDoNothing();
    log.info("number opted out of texts with STOP");
    return "opted_out";
  }
  if (keyword === "opt_in" || (keyword === "yes" && optedOut)) {
    await db.delete(smsOptOuts).where(eq(smsOptOuts.phone, phone));
    log.info("number opted back in to texts");
    await resendCurrentQuestion(db, phone);
    return "opted_in";
  }
  if (optedOut) {
    log.info("reply from an opted-out number ignored");
    return "ignored_opted_out";
  }

  const open = await findOpenConversation(db, phone);
  if (!open) {
    log.info("SMS reply with no open conversation ignored");
    return "no_conversation";
  }
  return recordReply(db, open, message.body.trim());
}

type OpenConversation = {
  conversation: SmsConversation;
  invitation: Invitation;
  step: SmsStep;
};

async function findOpenConversation(
  db: Db,
  phone: string,
): Promise<OpenConversation | null> {
  const rows = await db
    .select({ conversation: smsConversations, invitation: invitations })
    .from(smsConversations)
    .innerJoin(invitations, eq(invitations.id, smsConversations.invitationId))
    .where(
      and(
        eq(smsConversations.phone, phone),
        eq(smsConversations.status, "active"),
        inArray(invitations.status, ["sent", "opened"]),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(5);
  // NOTE: one number in two open conversations (two jobs at once) is
  // answered in the newest; replies carry no reference to tell them apart.
  const row = rows.find((item) => isInvitationOpen(item.invitation));
  if (!row) return null;

  const context = await loadScreeningContext(db, row.invitation.screeningId);
  const step = context.workflow.steps.find(
    (item) => item.id === row.invitation.stepId,
  );
  if (!step || step.kind !== "sms") return null;
  return { ...row, step };
}

async function recordReply(
  db: Db,
  open: OpenConversation,
  reply: string,
): Promise<InboundResult> {
  const { conversation, invitation, step } = open;
  const question = step.questions[conversation.questionIndex];
  if (!question) return "no_conversation";

  const now = new Date().toISOString();
  const transcript: SmsTurn[] = [
    ...conversation.transcript,
    { speaker: "candidate", text: reply, at: now },
  ];
  const reading = scoreAnswer(question, reply);

  // An unclear reply to a typed question gets one more try.
  if (!reading.clear && question.type !== "text" && !conversation.reasked) {
    const again = `Sorry, I did not understand. ${smsQuestionText(
      question,
      conversation.questionIndex,
      step.questions.length,
    )}`;
    transcript.push({ speaker: "agent", text: again, at: now });
    await saveConversation(db, conversation.id, { transcript, reasked: true });
    await sendSms(db, conversation.phone, again);
    return "answered";
  }

  const answers = [
    ...conversation.answers.filter((item) => item.questionId !== question.id),
    { questionId: question.id, value: reply },
  ];
  if (invitation.status === "sent") {
    await db
      .update(invitations)
      .set({ status: "opened", openedAt: sql`now()` })
      .where(eq(invitations.id, invitation.id));
  }

  const knockedOut = reading.dealbreaker && reading.clear && !reading.accepted;
  const nextIndex = conversation.questionIndex + 1;
  const finished = knockedOut || nextIndex >= step.questions.length;

  if (!finished) {
    const next = smsQuestionText(
      step.questions[nextIndex]!,
      nextIndex,
      step.questions.length,
    );
    transcript.push({ speaker: "agent", text: next, at: now });
    await saveConversation(db, conversation.id, {
      transcript,
      answers,
      questionIndex: nextIndex,
      reasked: false,
    });
    await sendSms(db, conversation.phone, next);
    return "answered";
  }

  const closing = knockedOut ? KNOCKOUT_TEXT : CLOSING_TEXT;
  transcript.push({ speaker: "agent", text: closing, at: now });
  const status = knockedOut ? "knocked_out" : "completed";
  await saveConversation(db, conversation.id, {
    transcript,
    answers,
    questionIndex: nextIndex,
    status,
  });
  await sendSms(db, conversation.phone, closing);

  // Cross-check with the step's scorer so the stored status agrees with
  // the result the workflow computes from these answers.
  const scored = scoreAnswers(step.questions, answers);
  await finishQuestionStep(
    db,
    invitation,
    {
      status: "answered",
      answers,
      transcript: transcript.map(({ speaker, text, at }) => ({
        speaker,
        text,
        at,
      })),
      completedAt: new Date(now),
    },
    scored.knockout ? "knocked_out" : "completed",
  );
  return status;
}

async function saveConversation(
  db: Db,
  id: string,
  fields: Partial<
    Pick<
      SmsConversation,
      "transcript" | "answers" | "questionIndex" | "reasked" | "status"
    >
  >,
) {
  await db
    .update(smsConversations)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(smsConversations.id, id));
}

async function resendCurrentQuestion(db: Db, phone: string) {
  const open = await findOpenConversation(db, phone);
  if (!open) return;
  const { conversation, step } = open;
  const question = step.questions[conversation.questionIndex];
  if (!question) return;
  const text = smsQuestionText(
    question,
    conversation.questionIndex,
    step.questions.length,
  );
  await saveConversation(db, conversation.id, {
    transcript: [
      ...conversation.transcript,
      { speaker: "agent", text, at: new Date().toISOString() },
    ],
  });
  await sendSms(db, phone, text);
}
