import { and, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { formAnswers, invitations, type Invitation } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import { scoreAnswers } from "@/lib/screening/answer-scorer";
import type { FormStep } from "@/lib/screening/workflow";
import { advanceScreening } from "@/lib/sync/screening-state";

import { findInvitationByToken, isInvitationOpen } from "../invitations";
import { finishQuestionStep } from "../workflow/finish-step";
import {
  candidateFirstName,
  loadScreeningContext,
} from "../workflow/screening-context";
import { answerSchema, formSchema, type FormQuestion } from "./form-schema";

const log = getLogger("channels:form");

export type FormView =
  | { state: "not_found" }
  | { state: "expired"; workspaceName: string }
  | { state: "finished"; workspaceName: string }
  | {
      state: "open";
      firstName: string;
      jobTitle: string;
      workspaceName: string;
      expiresAt: Date;
      timeZone: string;
      questions: FormQuestion[];
      saved: Record<string, string>;
    };

type OpenForm = { invitation: Invitation; step: FormStep };

async function loadFormStep(
  db: Db,
  invitation: Invitation,
): Promise<{
  step: FormStep | null;
  context: Awaited<ReturnType<typeof loadScreeningContext>>;
}> {
  const context = await loadScreeningContext(db, invitation.screeningId);
  const step = context.workflow.steps.find(
    (item) => item.id === invitation.stepId,
  );
  return { step: step?.kind === "form" ? step : null, context };
}

export function toFormQuestions(step: FormStep): FormQuestion[] {
  return step.questions.map((question): FormQuestion => {
    const base = { id: question.id, prompt: question.prompt };
    return question.type === "choice"
      ? { ...base, type: "choice", options: question.options }
      : { ...base, type: question.type };
  });
}

/**
 * Loads the form a token opens. The first view marks the invitation
 * opened and the screening in progress.
 */
export async function openForm(db: Db, token: string): Promise<FormView> {
  const invitation = await findInvitationByToken(db, token);
  if (!invitation || invitation.channel !== "form") {
    return { state: "not_found" };
  }
  const { step, context } = await loadFormStep(db, invitation);
  if (!step) return { state: "not_found" };

  const workspaceName = context.workspaceName;
  if (
    invitation.status === "completed" ||
    invitation.status === "knocked_out"
  ) {
    return { state: "finished", workspaceName };
  }
  if (!isInvitationOpen(invitation)) return { state: "expired", workspaceName };

  if (invitation.status === "sent") {
    await db
      .update(invitations)
      .set({ status: "opened", openedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(eq(invitations.id, invitation.id), eq(invitations.status, "sent")),
      );
    await advanceScreening(db, invitation.screeningId, "in_progress", {
      detail: "The candidate opened the form.",
    });
  }

  const rows = await db
    .select()
    .from(formAnswers)
    .where(eq(formAnswers.invitationId, invitation.id));
  const saved = Object.fromEntries(
    rows.map((row) => [
      row.questionId,
      row.value === null ? "" : String(row.value),
    ]),
  );
  return {
    state: "open",
    firstName: candidateFirstName(context.candidate),
    jobTitle: context.mapping.jobTitle,
    workspaceName,
    expiresAt: invitation.expiresAt,
    timeZone: context.timeZone,
    questions: toFormQuestions(step),
    saved,
  };
}

export class FormClosedError extends Error {
  name = "FormClosedError";
}

async function requireOpenForm(db: Db, token: string): Promise<OpenForm> {
  const invitation = await findInvitationByToken(db, token);
  if (!invitation || invitation.channel !== "form") {
    throw new FormClosedError("This form link does not exist.");
  }
  if (!isInvitationOpen(invitation)) {
    throw new FormClosedError(
      invitation.status === "completed" || invitation.status === "knocked_out"
        ? "This form was already submitted."
        : "This form link has expired.",
    );
  }
  const { step } = await loadFormStep(db, invitation);
  if (!step) throw new FormClosedError("This form link does not exist.");
  return { invitation, step };
}

export type FieldErrors = Record<string, string>;

/** Saves one answer as the candidate moves on, before they submit. */
export async function saveFormAnswer(
  db: Db,
  token: string,
  questionId: string,
  raw: string,
): Promise<{ ok: true } | { ok: false; fieldErrors: FieldErrors }> {
  const { invitation, step } = await requireOpenForm(db, token);
  const question = toFormQuestions(step).find((item) => item.id === questionId);
  if (!question) {
    return { ok: false, fieldErrors: { [questionId]: "Unknown question." } };
  }
  const parsed = answerSchema(question).safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      fieldErrors: { [questionId]: parsed.error.issues[0]!.message },
    };
  }
  await upsertAnswers(db, invitation.id, { [questionId]: parsed.data });
  return { ok: true };
}

/**
 * Validates and stores every answer, then ends the step with the scorer's
 * input. The candidate's page shows the same thanks whether or not a
 * dealbreaker knocked them out.
 */
export async function submitForm(
  db: Db,
  token: string,
  answers: Record<string, string>,
): Promise<{ ok: true } | { ok: false; fieldErrors: FieldErrors }> {
  const { invitation, step } = await requireOpenForm(db, token);
  const parsed = formSchema(toFormQuestions(step)).safeParse(answers);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const id = String(issue.path[0] ?? "form");
      fieldErrors[id] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }

  const values = parsed.data as Record<string, string | number>;
  await upsertAnswers(db, invitation.id, values);
  const candidateAnswers = step.questions.map((question) => ({
    questionId: question.id,
    value: values[question.id] ?? null,
  }));
  const scored = scoreAnswers(step.questions, candidateAnswers);
  const finished = await finishQuestionStep(
    db,
    invitation,
    { status: "answered", answers: candidateAnswers, completedAt: new Date() },
    scored.knockout ? "knocked_out" : "completed",
  );
  if (!finished) throw new FormClosedError("This form was already submitted.");
  log.info(
    {
      invitationId: invitation.id,
      screeningId: invitation.screeningId,
      score: scored.score,
      knockedOut: scored.knockout !== null,
    },
    "form submitted",
  );
  return { ok: true };
}

async function upsertAnswers(
  db: Db,
  invitationId: string,
  values: Record<string, string | number>,
) {
  for (const [questionId, value] of Object.entries(values)) {
    await db
      .insert(formAnswers)
      .values({ invitationId, questionId, value })
      .onConflictDoUpdate({
        target: [formAnswers.invitationId, formAnswers.questionId],
        set: { value, updatedAt: sql`now()` },
      });
  }
}
