import { randomUUID } from "node:crypto";

import type { Db } from "@/db";
import { outboxMessages } from "@/db/schema";
import { getEnv } from "@/lib/env";

import { receiveInterviewWebhook } from "../interview/completion-webhook";
import { getInterviewWebhookSecret } from "../interview/get-interview-engine";
import {
  INTERVIEW_SIGNATURE_HEADER,
  signInterviewWebhook,
} from "../interview/webhook-signature";
import { handleInboundSms } from "../sms/conversation";
import { SIMULATED_FROM } from "../sms/simulated-phone";
import { normalizePhone } from "../sms/sms-provider";
import { loadSimulatedInterview } from "./dev-queries";

/**
 * Stand-ins for a real phone and a real interview engine. Both go through
 * the same handlers as the webhooks.
 */

/** Stores a reply typed on the simulated phone and handles it. */
export async function replyFromSimulatedPhone(
  db: Db,
  rawPhone: string,
  body: string,
) {
  const phone = normalizePhone(rawPhone);
  if (!phone) throw new Error(`"${rawPhone}" is not a phone number.`);
  await db.insert(outboxMessages).values({
    channel: "sms",
    direction: "inbound",
    toAddress: SIMULATED_FROM,
    fromAddress: phone,
    body,
  });
  return handleInboundSms(db, { from: phone, body });
}

// Sample recordings: the simulator records nothing, so the report links to
// placeholder addresses on the reserved example.com domain.
const SAMPLE_AUDIO = "https://example.com/sample-interview-audio.mp3";
const SAMPLE_VIDEO = "https://example.com/sample-interview-video.mp4";

/**
 * Completes a simulated interview: builds the transcript from the given
 * answers, signs the completion event like an engine, and passes it to the
 * webhook handler. Returns the handler's HTTP status.
 */
export async function completeSimulatedInterview(
  db: Db,
  sessionId: string,
  answers: Record<string, string>,
): Promise<number> {
  const interview = await loadSimulatedInterview(db, sessionId);
  if (!interview) throw new Error(`No simulated interview ${sessionId}.`);
  const secret = getInterviewWebhookSecret();
  if (!secret) {
    throw new Error(
      "INTERVIEW_WEBHOOK_SECRET is not set, so the simulator cannot sign.",
    );
  }

  const now = new Date();
  const transcript = interview.questions.flatMap((question) => [
    { speaker: "agent" as const, text: question.prompt },
    { speaker: "candidate" as const, text: answers[question.id] ?? "" },
  ]);
  const body = JSON.stringify({
    id: `evt_${randomUUID()}`,
    type: "interview.completed",
    sessionId,
    completedAt: now.toISOString(),
    transcript,
    answers: interview.questions.map((question) => ({
      questionId: question.id,
      answer: answers[question.id]?.trim() || null,
    })),
    audioUrl: SAMPLE_AUDIO,
    videoUrl: SAMPLE_VIDEO,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const request = new Request(
    new URL("/api/webhooks/interview", getEnv().APP_URL),
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [INTERVIEW_SIGNATURE_HEADER]: signInterviewWebhook(
          secret,
          body,
          timestamp,
        ),
      },
      body,
    },
  );
  const result = await receiveInterviewWebhook(db, request);
  return result.status;
}
