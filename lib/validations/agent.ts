import { z } from "zod";

import { STEP_KINDS, type StepKind } from "@/lib/screening/workflow";

/**
 * The form picks which step kinds the agent runs; the server builds each
 * step's settings with lib/screening/workflow.ts, keeping the settings of
 * kinds the agent already had.
 */
export const WORKFLOW_STEP_TYPES = STEP_KINDS;
export type WorkflowStepType = StepKind;

export const WORKFLOW_STEP_LABELS: Record<StepKind, string> = {
  resume: "Resume review",
  form: "Screening form",
  sms: "SMS interview",
  voice: "Voice interview",
};

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
  stepKinds: z
    .array(
      z.enum(STEP_KINDS, {
        error: `Pick a step type: ${STEP_KINDS.join(", ")}.`,
      }),
    )
    .min(1, "Pick at least one workflow step.")
    .refine(
      (kinds) => new Set(kinds).size === kinds.length,
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
