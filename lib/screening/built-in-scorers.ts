import { scoreAnswers } from "@/lib/screening/answer-scorer";
import { deriveCriteriaFromJobDescription } from "@/lib/screening/job-criteria";
import { scoreResume } from "@/lib/screening/resume-scorer";
import {
  createStepResult,
  type QuestionStepInput,
  type ScoringContext,
  type StepScorer,
  type StepScorers,
} from "@/lib/screening/scorer";
import type { QuestionStep } from "@/lib/screening/workflow";

/** The deterministic scorers `screenCandidate` uses unless given others. */

export const resumeScorer: StepScorer<"resume"> = {
  kind: "resume",
  async score(step, input, context) {
    const completedAt = context.referenceDate.toISOString();
    if (!input.resume.ok) {
      return createStepResult(step, {
        status: "no_resume_text",
        reason: input.resume.message,
        lowlights: [input.resume.message],
        completedAt,
      });
    }

    const criteria =
      step.criteria.length > 0
        ? step.criteria
        : deriveCriteriaFromJobDescription(context.jobDescription ?? "");
    const result = scoreResume(
      input.resume.text,
      criteria,
      context.referenceDate,
    );

    const knockout = result.knockout;
    return createStepResult(step, {
      status: knockout ? "knocked_out" : "completed",
      score: result.score,
      reason: knockout
        ? `The resume does not meet the dealbreaker "${knockout.name}".`
        : null,
      highlights: result.highlights,
      lowlights: result.lowlights,
      criteria: result.criteria,
      completedAt,
    });
  },
};

async function scoreQuestionStep(
  step: QuestionStep,
  input: QuestionStepInput,
  context: ScoringContext,
) {
  const transcript = (input.transcript ?? []).map((entry) => ({
    ...entry,
    stepId: step.id,
  }));
  const media = (input.media ?? []).map((link) => ({
    ...link,
    stepId: step.id,
  }));
  const completedAt = (
    input.completedAt ?? context.referenceDate
  ).toISOString();

  if (input.status !== "answered") {
    return createStepResult(step, {
      status: input.status,
      reason:
        input.status === "expired"
          ? "The deadline passed before the candidate finished."
          : "The candidate did not respond.",
      transcript,
      media,
      completedAt,
    });
  }

  const result = scoreAnswers(step.questions, input.answers);
  const answers = result.answers.map(({ clear: _clear, ...answer }) => answer);
  const knockout = result.knockout;
  return createStepResult(step, {
    status: knockout ? "knocked_out" : "completed",
    score: result.score,
    reason: knockout
      ? `Dealbreaker "${knockout.prompt}": ${knockout.note}`
      : null,
    highlights: result.answers
      .filter((answer) => answer.accepted && answer.weight > 0)
      .slice(0, 3)
      .map((answer) => `${answer.prompt} ${answer.note}`),
    lowlights: result.answers
      .filter((answer) => !answer.accepted)
      .slice(0, 3)
      .map((answer) => `${answer.prompt} ${answer.note}`),
    answers,
    transcript,
    media,
    completedAt,
  });
}

export const formScorer: StepScorer<"form"> = {
  kind: "form",
  score: scoreQuestionStep,
};

export const smsScorer: StepScorer<"sms"> = {
  kind: "sms",
  score: scoreQuestionStep,
};

export const voiceScorer: StepScorer<"voice"> = {
  kind: "voice",
  score: scoreQuestionStep,
};

export const builtInScorers: StepScorers = {
  resume: resumeScorer,
  form: formScorer,
  sms: smsScorer,
  voice: voiceScorer,
};
