import { builtInScorers } from "@/lib/screening/built-in-scorers";
import { combineSteps } from "@/lib/screening/combine-steps";
import type { ScreeningResult, StepResult } from "@/lib/screening/result";
import type {
  ScoringContext,
  StepInput,
  StepScorer,
  StepScorers,
} from "@/lib/screening/scorer";
import type {
  StepKind,
  Workflow,
  WorkflowStep,
} from "@/lib/screening/workflow";

async function scoreStep(
  step: WorkflowStep,
  input: StepInput,
  scorers: StepScorers,
  context: ScoringContext,
): Promise<StepResult> {
  // Form, SMS and voice steps share one input shape, so only a resume
  // input on a question step (or the reverse) is a mismatch.
  if ((step.kind === "resume") !== (input.kind === "resume")) {
    throw new Error(
      `Step "${step.id}" is a ${step.kind} step but its input is for a ${input.kind} step.`,
    );
  }
  // The check above pairs each step with an input it can read. TypeScript
  // cannot follow it across the union, hence the widened scorer type.
  const scorer = scorers[step.kind] as StepScorer<StepKind>;
  return scorer.score(step as never, input as never, context);
}

/**
 * Runs a workflow's steps in order with the given inputs (keyed by step
 * id) and combines the results. Stops at the first step that does not
 * complete, so later steps need no input. Pass `scorers` to replace a
 * built-in scorer, for example with an LLM for the resume step.
 *
 * Throws when a step that is reached has no input, because the workflow is
 * then still running.
 */
export async function screenCandidate(
  workflow: Workflow,
  inputs: Readonly<Record<string, StepInput>>,
  context: ScoringContext,
  scorers: Partial<StepScorers> = {},
): Promise<ScreeningResult> {
  const active: StepScorers = { ...builtInScorers, ...scorers };
  const results: StepResult[] = [];

  for (const step of workflow.steps) {
    const input = inputs[step.id];
    if (!input) {
      throw new Error(
        `Step "${step.id}" has no input yet. Screen the candidate once the step has finished or expired.`,
      );
    }
    const result = await scoreStep(step, input, active, context);
    results.push(result);
    if (result.status !== "completed" && result.status !== "skipped") break;
  }

  return combineSteps(workflow, results);
}
