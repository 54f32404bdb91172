import type { Agent, Candidate, JobMapping, Screening } from "@/db/schema";
import type { ScreeningResult } from "@/lib/screening/result";
import type { ResumeText } from "@/lib/screening/resume-text";
import {
  createDefaultWorkflow,
  workflowSchema,
  type Workflow,
} from "@/lib/screening/workflow";

import { resumeWorkflowRunner } from "./resume-workflow-runner";

/**
 * The one seam between the sync engine and an agent's screening workflow.
 * Intake calls `start` once the candidate and resume are stored; the
 * outcome moves the screening's state. Workflows that wait on the
 * candidate (form, SMS, voice) return "invited" or "in_progress" and later
 * report their result through `recordScreeningResult`.
 */

export type WorkflowStartInput = {
  screening: Screening;
  candidate: Candidate;
  resume: ResumeText;
  agent: Agent;
  workflow: Workflow;
  mapping: JobMapping;
};

export type WorkflowOutcome =
  | { kind: "final"; result: ScreeningResult }
  | { kind: "invited" | "in_progress"; detail: string }
  | { kind: "failed"; reason: string };

export interface WorkflowRunner {
  /**
   * Starts the screening. It can be called again for the same screening
   * after a crash between start and the state change, so an
   * implementation that contacts the candidate must key that contact on
   * `screening.id` and not send it twice.
   */
  start(input: WorkflowStartInput): Promise<WorkflowOutcome>;
}

/**
 * Reads an agent's stored workflow. Agents saved before the workflow
 * editor stored only the list of steps; those get the default passing
 * score and deadline. Returns null when the stored value is not a valid
 * workflow.
 */
export function readAgentWorkflow(stored: unknown): Workflow | null {
  const defaults = createDefaultWorkflow();
  const value = Array.isArray(stored)
    ? {
        steps: stored,
        passingScore: defaults.passingScore,
        deadlineHours: defaults.deadlineHours,
      }
    : stored;
  const parsed = workflowSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const globalForRunner = globalThis as unknown as {
  relayWorkflowRunner?: WorkflowRunner;
};

/** Installs the runner intake uses; the default scores resume steps only. */
export function setWorkflowRunner(runner: WorkflowRunner | undefined) {
  globalForRunner.relayWorkflowRunner = runner;
}

export function getWorkflowRunner(): WorkflowRunner {
  return globalForRunner.relayWorkflowRunner ?? resumeWorkflowRunner;
}
