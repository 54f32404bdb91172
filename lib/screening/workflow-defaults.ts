import type {
  Question,
  ReminderSettings,
  StepKind,
  Workflow,
  WorkflowStep,
} from "@/lib/screening/workflow";

/** Starting values for new agents and new workflow steps. */

export const DEFAULT_REMINDERS: ReminderSettings = {
  enabled: true,
  intervalHours: 24,
  maxReminders: 2,
  sendingHours: { start: 9, end: 18 },
};

/**
 * Builds the workflow a new agent starts with: a resume review whose
 * criteria come from the job description, then a short form with the
 * work-authorization question as a dealbreaker.
 */
export function createDefaultWorkflow(): Workflow {
  return {
    steps: [
      { id: "resume", kind: "resume", weight: 60, criteria: [] },
      {
        id: "form",
        kind: "form",
        weight: 40,
        reminders: { ...DEFAULT_REMINDERS },
        questions: [
          {
            id: "work-authorization",
            type: "yes_no",
            prompt: "Are you authorized to work in the country of this job?",
            expected: "yes",
            weight: 1,
            dealbreaker: true,
          },
          {
            id: "years-experience",
            type: "number",
            prompt: "How many years of professional experience do you have?",
            min: 2,
            weight: 1,
            dealbreaker: false,
          },
          {
            id: "motivation",
            type: "text",
            prompt: "Why are you interested in this role?",
            keywords: [],
            weight: 1,
            dealbreaker: false,
          },
        ],
      },
    ],
    passingScore: 60,
    deadlineHours: 72,
  };
}

/** Builds a new step of a kind with starting values, for "add step". */
export function createStep(kind: StepKind, id: string): WorkflowStep {
  if (kind === "resume") return { id, kind, weight: 1, criteria: [] };

  const questions: Question[] = [
    {
      id: "question-1",
      type: "yes_no",
      prompt: "Are you available to start within a month?",
      expected: "yes",
      weight: 1,
      dealbreaker: false,
    },
  ];
  if (kind === "voice") return { id, kind, weight: 1, questions };
  return {
    id,
    kind,
    weight: 1,
    questions,
    reminders: { ...DEFAULT_REMINDERS },
  };
}

/**
 * Builds a workflow from a list of step kinds, each step with starting
 * values and its kind as id. For agents saved as a bare list of step types
 * and for a form that lets the recruiter pick kinds first. The default
 * workflow's own steps are reused where a kind matches.
 */
export function createWorkflowFromKinds(kinds: readonly StepKind[]): Workflow {
  const defaults = createDefaultWorkflow();
  const used = new Map<string, number>();
  const steps = kinds.map((kind) => {
    const count = (used.get(kind) ?? 0) + 1;
    used.set(kind, count);
    const id = count === 1 ? kind : `${kind}-${count}`;
    const preset = defaults.steps.find((step) => step.kind === kind);
    return preset && count === 1 ? preset : createStep(kind, id);
  });
  return { ...defaults, steps };
}
