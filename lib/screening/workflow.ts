import { z } from "zod";

/**
 * An agent's screening workflow: the steps a candidate goes through, in
 * order, and how their scores combine. The agent form validates with
 * `workflowSchema` and the server stores the parsed value as JSON. The
 * schemas use no defaults or transforms, so the form's input type and the
 * stored type are the same, and `createDefaultWorkflow()` supplies starting
 * values.
 */

export const STEP_KINDS = ["resume", "form", "sms", "voice"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const QUESTION_TYPES = ["yes_no", "number", "choice", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const idSchema = z
  .string()
  .trim()
  .min(1, "Enter an id.")
  .max(64, "Use at most 64 characters for an id.");

// Weights are relative: a step or criterion with weight 2 counts twice as
// much as one with weight 1. Zero keeps the item in the report without it
// counting towards the score.
const weightSchema = z
  .number({ error: "Enter a weight between 0 and 100." })
  .min(0, "Enter a weight between 0 and 100.")
  .max(100, "Enter a weight between 0 and 100.");

const termSchema = z
  .string()
  .trim()
  .min(1, "Enter a keyword.")
  .max(60, "Use at most 60 characters for a keyword.");

/** A skill or keyword and the other spellings that count as the same. */
export const keywordSchema = z.object({
  term: termSchema,
  synonyms: z.array(termSchema).max(20, "Use at most 20 synonyms."),
});

export const resumeCriterionSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1, "Enter a name.").max(120),
    keywords: z.array(keywordSchema).max(30, "Use at most 30 keywords."),
    // "any": one keyword found meets the criterion. "all": each keyword
    // found adds its share of the score and all are needed to meet it.
    match: z.enum(["any", "all"]),
    weight: weightSchema,
    dealbreaker: z.boolean(),
    minYears: z
      .number()
      .min(0, "Enter years between 0 and 50.")
      .max(50, "Enter years between 0 and 50.")
      .optional(),
  })
  .refine(
    (criterion) =>
      criterion.keywords.length > 0 || criterion.minYears !== undefined,
    {
      message: "Add a keyword or a minimum number of years.",
      path: ["keywords"],
    },
  );

const questionBase = {
  id: idSchema,
  prompt: z
    .string()
    .trim()
    .min(1, "Enter the question.")
    .max(500, "Use at most 500 characters for a question."),
  weight: weightSchema,
  // A dealbreaker question ends the workflow as knocked_out when the
  // candidate gives a clear answer that is not accepted.
  dealbreaker: z.boolean(),
};

export const questionSchema = z.discriminatedUnion("type", [
  z.object({
    ...questionBase,
    type: z.literal("yes_no"),
    expected: z.enum(["yes", "no"]),
  }),
  z
    .object({
      ...questionBase,
      type: z.literal("number"),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine(
      (question) =>
        question.min === undefined ||
        question.max === undefined ||
        question.min <= question.max,
      { message: "Make the minimum at most the maximum.", path: ["max"] },
    ),
  z
    .object({
      ...questionBase,
      type: z.literal("choice"),
      options: z
        .array(termSchema)
        .min(2, "Add at least two options.")
        .max(20, "Use at most 20 options."),
      accepted: z.array(termSchema).min(1, "Accept at least one option."),
    })
    .refine(
      (question) =>
        question.accepted.every((value) => question.options.includes(value)),
      { message: "Accept only values from the options.", path: ["accepted"] },
    ),
  z.object({
    ...questionBase,
    type: z.literal("text"),
    // Keywords that a good free-text answer mentions. With none, any
    // non-empty answer is accepted and the question is for the report only.
    keywords: z.array(keywordSchema).max(30, "Use at most 30 keywords."),
  }),
]);

const hourOfDaySchema = z
  .number()
  .int("Enter a whole hour.")
  .min(0, "Enter an hour from 0 to 24.")
  .max(24, "Enter an hour from 0 to 24.");

/**
 * Reminders for steps the candidate answers in their own time. Sending
 * hours are in the workspace's time zone, with `end` exclusive, so 9 and 18
 * allow sends from 09:00 up to 17:59.
 */
export const reminderSettingsSchema = z
  .object({
    enabled: z.boolean(),
    intervalHours: z
      .number()
      .min(1, "Enter an interval from 1 to 168 hours.")
      .max(168, "Enter an interval from 1 to 168 hours."),
    maxReminders: z
      .number()
      .int("Enter a whole number of reminders.")
      .min(0, "Enter from 0 to 10 reminders.")
      .max(10, "Enter from 0 to 10 reminders."),
    sendingHours: z.object({ start: hourOfDaySchema, end: hourOfDaySchema }),
  })
  .refine((value) => value.sendingHours.start < value.sendingHours.end, {
    message: "Make the sending window end after it starts.",
    path: ["sendingHours", "end"],
  });

const questionsSchema = z
  .array(questionSchema)
  .min(1, "Add at least one question.")
  .max(30, "Use at most 30 questions.");

const stepBase = { id: idSchema, weight: weightSchema };

export const resumeStepSchema = z.object({
  ...stepBase,
  kind: z.literal("resume"),
  // An empty list means "derive criteria from the job description" when
  // the candidate is scored.
  criteria: z.array(resumeCriterionSchema).max(30, "Use at most 30 criteria."),
});

export const formStepSchema = z.object({
  ...stepBase,
  kind: z.literal("form"),
  questions: questionsSchema,
  reminders: reminderSettingsSchema,
});

export const smsStepSchema = z.object({
  ...stepBase,
  kind: z.literal("sms"),
  questions: questionsSchema,
  reminders: reminderSettingsSchema,
});

export const voiceStepSchema = z.object({
  ...stepBase,
  kind: z.literal("voice"),
  questions: questionsSchema,
});

export const stepSchema = z.discriminatedUnion("kind", [
  resumeStepSchema,
  formStepSchema,
  smsStepSchema,
  voiceStepSchema,
]);

export const workflowSchema = z
  .object({
    steps: z
      .array(stepSchema)
      .min(1, "Add at least one step.")
      .max(8, "Use at most 8 steps."),
    passingScore: z
      .number()
      .min(0, "Enter a passing score from 0 to 100.")
      .max(100, "Enter a passing score from 0 to 100."),
    deadlineHours: z
      .number()
      .min(1, "Enter a deadline from 1 to 720 hours.")
      .max(720, "Enter a deadline from 1 to 720 hours."),
  })
  .superRefine((workflow, context) => {
    const seen = new Set<string>();
    workflow.steps.forEach((step, index) => {
      if (seen.has(step.id)) {
        context.addIssue({
          code: "custom",
          message: `Step id "${step.id}" is used twice. Give each step its own id.`,
          path: ["steps", index, "id"],
        });
      }
      seen.add(step.id);
    });
  });

export type Keyword = z.infer<typeof keywordSchema>;
export type ResumeCriterion = z.infer<typeof resumeCriterionSchema>;
export type Question = z.infer<typeof questionSchema>;
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;
export type ResumeStep = z.infer<typeof resumeStepSchema>;
export type FormStep = z.infer<typeof formStepSchema>;
export type SmsStep = z.infer<typeof smsStepSchema>;
export type VoiceStep = z.infer<typeof voiceStepSchema>;
export type WorkflowStep = z.infer<typeof stepSchema>;
export type QuestionStep = FormStep | SmsStep | VoiceStep;
export type Workflow = z.infer<typeof workflowSchema>;

// Starting values live in their own file. They are re-exported here, so
// callers import everything about workflows from this module.
export {
  createDefaultWorkflow,
  createStep,
  createWorkflowFromKinds,
  DEFAULT_REMINDERS,
} from "@/lib/screening/workflow-defaults";
