import { eq, sql } from "drizzle-orm";
import { z } from "zod";

import type { Db } from "@/db";
import { interviewSessions, invitations } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import type { QuestionStepInput } from "@/lib/screening/scorer";

import { scoreAnswers } from "@/lib/screening/answer-scorer";

import {
  claimWebhookEvent,
  recordRejectedWebhook,
  releaseWebhookEvent,
} from "../webhook-log";
import { finishQuestionStep } from "../workflow/finish-step";
import { loadScreeningContext } from "../workflow/screening-context";
import { getInterviewWebhookSecret } from "./get-interview-engine";
import {
  INTERVIEW_SIGNATURE_HEADER,
  verifyInterviewWebhook,
} from "./webhook-signature";

const log = getLogger("webhooks:interview");

// An estimate: a 60-minute transcript at about 150 spoken words a minute
// is near 60 KB, far under this limit.
const MAX_BODY_BYTES = 1_000_000;

export const interviewCompletionSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.literal("interview.completed"),
  sessionId: z.string().min(1).max(200),
  completedAt: z.iso.datetime(),
  transcript: z
    .array(
      z.object({
        speaker: z.enum(["agent", "candidate"]),
        text: z.string().max(10_000),
        at: z.iso.datetime().optional(),
      }),
    )
    .max(2_000),
  answers: z
    .array(
      z.object({
        questionId: z.string(),
        answer: z.string().max(10_000).nullable(),
        score: z.number().min(0).max(100).optional(),
      }),
    )
    .max(100),
  audioUrl: z.url().optional(),
  videoUrl: z.url().optional(),
});

export type InterviewCompletion = z.infer<typeof interviewCompletionSchema>;

export type WebhookResponse = { status: number; body: { error?: string } };

const reject = (status: number, error: string): WebhookResponse => ({
  status,
  body: { error },
});

/**
 * Verifies and applies one completion webhook: the signature over
 * `${timestamp}.${body}`, the 5-minute window, the event id (accepted
 * once), then the session. Every rejection is logged and recorded.
 */
export async function receiveInterviewWebhook(
  db: Db,
  request: Request,
): Promise<WebhookResponse> {
  const secret = getInterviewWebhookSecret();
  if (!secret) {
    log.error(
      "server misconfigured: INTERVIEW_WEBHOOK_SECRET is not set, so " +
        "interview webhooks are rejected; set it to the engine's secret",
    );
    return reject(503, "Interview webhooks are not configured.");
  }

  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    await recordRejectedWebhook(db, "interview", "invalid", null, "too large");
    return reject(413, "The webhook body is too large.");
  }

  const check = verifyInterviewWebhook(
    secret,
    request.headers.get(INTERVIEW_SIGNATURE_HEADER),
    body,
  );
  if (!check.ok) {
    const outcome = check.reason === "stale" ? "stale" : "bad_signature";
    log.warn({ reason: check.reason }, "interview webhook rejected");
    await recordRejectedWebhook(db, "interview", outcome, null, check.reason);
    return check.reason === "stale"
      ? reject(401, "The webhook timestamp is outside the 5-minute window.")
      : reject(401, "The webhook signature is missing or invalid.");
  }

  let payload: InterviewCompletion;
  try {
    payload = interviewCompletionSchema.parse(JSON.parse(body));
  } catch {
    log.warn("signed interview webhook with an invalid body rejected");
    await recordRejectedWebhook(db, "interview", "invalid", null, "schema");
    return reject(400, "The webhook body is not a valid completion event.");
  }

  const [session] = await db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.engineSessionId, payload.sessionId));
  if (!session) {
    log.warn(
      { eventId: payload.id, sessionId: payload.sessionId },
      "interview webhook for an unknown session",
    );
    await recordRejectedWebhook(
      db,
      "interview",
      "invalid",
      payload.id,
      "unknown session",
    );
    return reject(404, "No interview session has this sessionId.");
  }

  if (!(await claimWebhookEvent(db, "interview", payload.id))) {
    log.warn({ eventId: payload.id }, "replayed interview webhook rejected");
    await recordRejectedWebhook(
      db,
      "interview",
      "replayed",
      payload.id,
      "event id already accepted",
    );
    return reject(409, "This event id was already accepted.");
  }

  try {
    await applyCompletion(db, session.invitationId, session.id, payload);
  } catch (error) {
    await releaseWebhookEvent(db, "interview", payload.id);
    throw error;
  }
  log.info(
    { eventId: payload.id, sessionId: payload.sessionId },
    "interview completion accepted",
  );
  return { status: 200, body: {} };
}

async function applyCompletion(
  db: Db,
  invitationId: string,
  sessionId: string,
  payload: InterviewCompletion,
) {
  const [invitation] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  if (!invitation) return;

  await db
    .update(interviewSessions)
    .set({
      status: "completed",
      completedAt: new Date(payload.completedAt),
      engineScores: payload.answers
        .filter((answer) => answer.score !== undefined)
        .map((answer) => ({
          questionId: answer.questionId,
          score: answer.score!,
        })),
      updatedAt: sql`now()`,
    })
    .where(eq(interviewSessions.id, sessionId));

  const input = toStepInput(payload);
  const context = await loadScreeningContext(db, invitation.screeningId);
  const step = context.workflow.steps.find(
    (item) => item.id === invitation.stepId,
  );
  const knockedOut =
    step && step.kind !== "resume"
      ? scoreAnswers(step.questions, input.answers).knockout !== null
      : false;
  await finishQuestionStep(
    db,
    invitation,
    input,
    knockedOut ? "knocked_out" : "completed",
  );
}

/** Maps the engine's event onto the voice scorer's input. */
export function toStepInput(payload: InterviewCompletion): QuestionStepInput {
  const media: NonNullable<QuestionStepInput["media"]> = [];
  if (payload.audioUrl) {
    media.push({
      kind: "audio",
      url: payload.audioUrl,
      label: "Interview audio",
    });
  }
  if (payload.videoUrl) {
    media.push({
      kind: "video",
      url: payload.videoUrl,
      label: "Interview video",
    });
  }
  const engineScores = payload.answers
    .filter((answer) => answer.score !== undefined)
    .map((answer) => `${answer.questionId} ${answer.score}/100`);
  const transcript: NonNullable<QuestionStepInput["transcript"]> = [
    ...payload.transcript,
  ];
  if (engineScores.length > 0) {
    transcript.push({
      speaker: "agent",
      text: `Interview engine scores: ${engineScores.join(", ")}.`,
    });
  }
  return {
    status: "answered",
    answers: payload.answers.map((answer) => ({
      questionId: answer.questionId,
      value: answer.answer,
    })),
    transcript,
    media,
    completedAt: new Date(payload.completedAt),
  };
}
