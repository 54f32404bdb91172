import { screenCandidate } from "@/lib/screening/screen-candidate";
import type { StepInput } from "@/lib/screening/scorer";

import type {
  WorkflowOutcome,
  WorkflowRunner,
  WorkflowStartInput,
} from "./workflow-runner";

/**
 * Runs the resume steps of a workflow with lib/screening's scorers. A
 * workflow made only of resume steps finishes here; so does one whose
 * resume review ends it early (a knockout, or no readable resume).
 */
export const resumeWorkflowRunner: WorkflowRunner = {
  async start(input: WorkflowStartInput): Promise<WorkflowOutcome> {
    const { workflow } = input;
    const inputs: Record<string, StepInput> = {};
    for (const step of workflow.steps) {
      if (step.kind === "resume") {
        inputs[step.id] = { kind: "resume", resume: input.resume };
      }
    }

    // Score the leading resume steps first: if they end the workflow, the
    // question steps after them are never needed.
    const leading = [];
    for (const step of workflow.steps) {
      if (step.kind !== "resume") break;
      leading.push(step);
    }
    const context = {
      // Fixed per screening, so scoring the same resume twice agrees.
      referenceDate: input.screening.createdAt,
      jobDescription: input.agent.jobDescription || undefined,
    };

    if (leading.length === workflow.steps.length) {
      const result = await screenCandidate(workflow, inputs, context);
      return { kind: "final", result };
    }

    if (leading.length > 0) {
      const early = await screenCandidate(
        { ...workflow, steps: leading },
        inputs,
        context,
      );
      if (early.status !== "completed") {
        const result = await screenCandidate(workflow, inputs, context).catch(
          () => early,
        );
        return { kind: "final", result };
      }
    }

    // The server and the worker install the channel runner at start
    // (installChannelWorkflowRunner), which sends these invitations. This
    // default only runs where none is installed, as in a bare script, so
    // such screenings fail with a reason instead of waiting forever.
    return {
      kind: "failed",
      reason:
        "The agent's workflow has form, SMS or voice steps, and this " +
        "server has no runner that sends those invitations yet.",
    };
  },
};
