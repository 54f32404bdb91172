import type { CandidateAnswer } from "@/lib/screening/answer-scorer";
import type {
  MediaLink,
  StepResult,
  TranscriptEntry,
} from "@/lib/screening/result";
import type { ResumeText } from "@/lib/screening/resume-text";
import type { StepKind, WorkflowStep } from "@/lib/screening/workflow";

/**
 * The contract between a workflow step and whatever judges it. The
 * built-in scorers are deterministic, and another implementation (an LLM, a
 * vendor's voice agent) can replace one kind by passing its own scorer to
 * `screenCandidate`, as long as it returns a `StepResult`.
 */

export type ScoringContext = {
  // "Present" in a resume and the age of dated roles are measured from
  // this date, so scoring the same input twice gives the same result.
  referenceDate: Date;
  // Criteria come from this text when a resume step has none of its own.
  jobDescription?: string;
};

export type ResumeStepInput = { resume: ResumeText };

export type QuestionStepInput = {
  // "answered" means the candidate finished the step. "no_response" and
  // "expired" end the workflow without a score.
  status: "answered" | "no_response" | "expired";
  answers: CandidateAnswer[];
  transcript?: Omit<TranscriptEntry, "stepId">[];
  media?: Omit<MediaLink, "stepId">[];
  completedAt?: Date;
};

export type StepInputByKind = {
  resume: ResumeStepInput;
  form: QuestionStepInput;
  sms: QuestionStepInput;
  voice: QuestionStepInput;
};

export type StepOfKind<K extends StepKind> = Extract<WorkflowStep, { kind: K }>;

export interface StepScorer<K extends StepKind> {
  readonly kind: K;
  score(
    step: StepOfKind<K>,
    input: StepInputByKind[K],
    context: ScoringContext,
  ): Promise<StepResult>;
}

export type StepScorers = { [K in StepKind]: StepScorer<K> };

/** Any step's input; `screenCandidate` checks it against the step's kind. */
export type StepInput =
  | ({ kind: "resume" } & ResumeStepInput)
  | ({ kind: "form" | "sms" | "voice" } & QuestionStepInput);

/** Builds an empty step result, for scorers to fill in. */
export function createStepResult(
  step: WorkflowStep,
  fields: Partial<StepResult>,
): StepResult {
  return {
    stepId: step.id,
    kind: step.kind,
    status: "completed",
    score: null,
    weight: step.weight,
    reason: null,
    highlights: [],
    lowlights: [],
    criteria: [],
    answers: [],
    transcript: [],
    media: [],
    completedAt: null,
    ...fields,
  };
}

/**
 * Averages scores by weight, rounded to a whole number. Items with weight
 * zero count only when every weight is zero, so the average still exists.
 */
export function weightedAverage(
  items: readonly { score: number; weight: number }[],
): number | null {
  if (items.length === 0) return null;
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  if (totalWeight === 0) {
    const sum = items.reduce((total, item) => total + item.score, 0);
    return Math.round(sum / items.length);
  }
  const sum = items.reduce(
    (total, item) => total + item.score * item.weight,
    0,
  );
  return Math.round(sum / totalWeight);
}
