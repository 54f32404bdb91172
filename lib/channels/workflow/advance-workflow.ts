import type { Db } from "@/db";
import type { ResumeText } from "@/lib/screening/resume-text";
import type { ScoringContext, StepInput } from "@/lib/screening/scorer";
import { screenCandidate } from "@/lib/screening/screen-candidate";
import type { WorkflowStep } from "@/lib/screening/workflow";
import type { WorkflowOutcome } from "@/lib/sync/workflow-runner";

import { findInvitation, readStepInput } from "../invitations";
import { formRunner } from "../runners/form-runner";
import { smsRunner } from "../runners/sms-runner";
import type { StepStart } from "../runners/step-runner";
import { voiceRunner } from "../runners/voice-runner";
import type { ScreeningContext } from "./screening-context";

/**
 * Walks the workflow in order with every input known so far: resume steps
 * from the stored resume, question steps from their finished invitations.
 * At the first question step without a result it stops, unless the steps
 * before it already ended the workflow (a knockout, no resume text), and
 * either waits on that step's open invitation or starts the step.
 */
export async function advanceWorkflow(
  db: Db,
  context: ScreeningContext,
  resume: ResumeText,
): Promise<WorkflowOutcome> {
  const { workflow, screening } = context;
  const scoring: ScoringContext = {
    // Fixed per screening, so scoring the same input twice agrees.
    referenceDate: screening.createdAt,
    jobDescription: context.agent.jobDescription || undefined,
  };
  const inputs: Record<string, StepInput> = {};
  for (const step of workflow.steps) {
    if (step.kind === "resume") inputs[step.id] = { kind: "resume", resume };
  }

  for (const [index, step] of workflow.steps.entries()) {
    if (step.kind === "resume") continue;

    const invitation = await findInvitation(db, screening.id, step.id);
    const stored = invitation ? readStepInput(invitation) : null;
    if (stored) {
      inputs[step.id] = { kind: step.kind, ...stored };
      continue;
    }

    if (index > 0) {
      const earlier = { ...workflow, steps: workflow.steps.slice(0, index) };
      const early = await screenCandidate(earlier, inputs, scoring);
      if (early.status !== "completed") {
        const result = await screenCandidate(workflow, inputs, scoring);
        return { kind: "final", result };
      }
    }

    // An invitation whose first message never went out is started again.
    if (invitation?.sentAt) {
      return {
        kind: invitation.status === "opened" ? "in_progress" : "invited",
        detail: `Waiting on the ${step.kind} step "${step.id}".`,
      };
    }

    const started = await startStep(db, context, step);
    if (started.kind === "waiting") {
      return { kind: "invited", detail: started.detail };
    }
    inputs[step.id] = { kind: step.kind, ...started.input };
  }

  const result = await screenCandidate(workflow, inputs, scoring);
  return { kind: "final", result };
}

function startStep(
  db: Db,
  context: ScreeningContext,
  step: Exclude<WorkflowStep, { kind: "resume" }>,
): Promise<StepStart> {
  switch (step.kind) {
    case "form":
      return formRunner.start(db, context, step);
    case "sms":
      return smsRunner.start(db, context, step);
    case "voice":
      return voiceRunner.start(db, context, step);
  }
}
