import type {
  ScreeningResult,
  ScreeningStatus,
  StepResult,
} from "@/lib/screening/result";
import { createStepResult, weightedAverage } from "@/lib/screening/scorer";
import type { Workflow, WorkflowStep } from "@/lib/screening/workflow";

const MAX_LISTED_POINTS = 6;

const STEP_LABELS: Record<WorkflowStep["kind"], string> = {
  resume: "resume review",
  form: "form",
  sms: "SMS",
  voice: "voice call",
};

function describeEnd(step: StepResult, status: ScreeningStatus): string {
  const label = STEP_LABELS[step.kind];
  const reason = step.reason ? ` ${step.reason}` : "";
  switch (status) {
    case "knocked_out":
      return `Knocked out at the ${label} step.${reason}`;
    case "no_resume_text":
      return `Not scored: the resume has no readable text.${reason}`;
    case "no_response":
      return `Not scored: the candidate did not respond to the ${label} step.`;
    case "expired":
      return `Not scored: the ${label} step passed its deadline before the candidate finished it.`;
    default:
      return "";
  }
}

function describeScore(
  score: number,
  passingScore: number,
  steps: StepResult[],
): string {
  const verdict = score >= passingScore ? "passed" : "did not pass";
  const parts = steps
    .filter((step) => step.score !== null)
    .map((step) => `${STEP_LABELS[step.kind]} ${step.score}/100`);
  const breakdown = parts.length > 1 ? ` (${parts.join(", ")})` : "";
  return `Scored ${score}/100${breakdown} and ${verdict} the passing score of ${passingScore}.`;
}

function latestCompletion(steps: StepResult[]): string | null {
  const times = steps
    .map((step) => step.completedAt)
    .filter((value): value is string => value !== null)
    .sort();
  return times.at(-1) ?? null;
}

/**
 * Combines step results into the workflow's result. Steps are read in the
 * workflow's order, and the first step that did not complete (knocked out,
 * no resume text, no response, expired) ends the workflow: later steps are
 * marked skipped. A knockout scores 0. The other endings score null, since
 * the candidate was not judged. Completed workflows score the weighted
 * average of their steps.
 *
 * Throws when a step before the end has no result, because the workflow is
 * then still running and has no result to report.
 */
export function combineSteps(
  workflow: Workflow,
  stepResults: readonly StepResult[],
  completedAt?: Date,
): ScreeningResult {
  const byId = new Map(stepResults.map((result) => [result.stepId, result]));
  const steps: StepResult[] = [];
  let ending: StepResult | null = null;

  for (const step of workflow.steps) {
    if (ending) {
      steps.push(createStepResult(step, { status: "skipped" }));
      continue;
    }
    const result = byId.get(step.id);
    if (!result) {
      throw new Error(
        `Step "${step.id}" has no result yet. Score every step up to the one that ends the workflow before combining.`,
      );
    }
    // The workflow's weight wins over one a custom scorer copied.
    steps.push({ ...result, weight: step.weight });
    // A scorer may skip its step when it has nothing to ask. That does not
    // end the workflow, and the step does not count towards the score.
    if (result.status !== "completed" && result.status !== "skipped") {
      ending = result;
    }
  }

  const status = (ending?.status ?? "completed") as ScreeningStatus;

  let overallScore: number | null = null;
  if (status === "completed") {
    const scored = steps.filter((step) => step.status === "completed");
    overallScore =
      weightedAverage(
        scored.map((step) => ({ score: step.score ?? 0, weight: step.weight })),
      ) ?? 0;
  } else if (status === "knocked_out") {
    overallScore = 0;
  }

  const passed =
    status === "completed" &&
    overallScore !== null &&
    overallScore >= workflow.passingScore;

  const summary =
    status === "completed" && overallScore !== null
      ? describeScore(overallScore, workflow.passingScore, steps)
      : describeEnd(ending as StepResult, status);

  const endedAt = completedAt?.toISOString() ?? latestCompletion(steps);

  return {
    status,
    overallScore,
    passingScore: workflow.passingScore,
    passed,
    summary,
    highlights: steps
      .flatMap((step) => step.highlights)
      .slice(0, MAX_LISTED_POINTS),
    lowlights: steps
      .flatMap((step) => step.lowlights)
      .slice(0, MAX_LISTED_POINTS),
    steps,
    transcript: steps.flatMap((step) => step.transcript),
    media: steps.flatMap((step) => step.media),
    completedAt: endedAt,
  };
}
