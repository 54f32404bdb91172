import { z } from "zod";

/**
 * Workflow step types an agent can run, in the order they run.
 * TODO: import the step schema from lib/screening/workflow.ts once the
 * screening module defines it, so step settings are validated too.
 */
export const WORKFLOW_STEP_TYPES = ["resume", "form", "sms", "voice"] as const;
export type WorkflowStepType = (typeof WORKFLOW_STEP_TYPES)[number];

export const WORKFLOW_STEP_LABELS: Record<WorkflowStepType, string> = {
  resume: "Resume review",
  form: "Screening form",
  sms: "SMS interview",
  voice: "Voice interview",
};

export const workflowStepSchema = z.object({
  type: z.enum(WORKFLOW_STEP_TYPES, {
    error: `Pick a step type: ${WORKFLOW_STEP_TYPES.join(", ")}.`,
  }),
});

export const AGENT_NAME_MAX = 80;
export const JOB_DESCRIPTION_MAX = 20_000;

export const agentSchema = z.object({
  // Present when editing; absent when creating.
  id: z.uuid().optional(),
  name: z
    .string()
    .trim()
    .min(1, "Enter a name, such as “Warehouse associate screening”.")
    .max(
      AGENT_NAME_MAX,
      `Shorten the name to ${AGENT_NAME_MAX} characters or fewer.`,
    ),
  workflow: z
    .array(workflowStepSchema)
    .min(1, "Pick at least one workflow step.")
    .refine(
      (steps) => new Set(steps.map((step) => step.type)).size === steps.length,
      "Each step type can appear once; untick the duplicate.",
    ),
  jobDescription: z
    .string()
    .trim()
    .max(
      JOB_DESCRIPTION_MAX,
      `Shorten the job description to ${JOB_DESCRIPTION_MAX.toLocaleString("en-US")} characters or fewer.`,
    ),
  status: z.enum(["active", "archived"], {
    error: "Pick Active or Archived.",
  }),
});

export type AgentInput = z.input<typeof agentSchema>;
export type AgentValues = z.output<typeof agentSchema>;

export const agentIdSchema = z.object({
  agentId: z.uuid("The agent id is invalid; reload the page and try again."),
});
