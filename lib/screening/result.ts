import { z } from "zod";

import { STEP_KINDS } from "@/lib/screening/workflow";

/**
 * The outcome of screening one candidate, the same shape for every
 * workflow. It is stored as JSON and drawn into the PDF report, so readers
 * parse it with `screeningResultSchema` instead of trusting stored data.
 */

export const SCREENING_STATUSES = [
  "completed",
  "knocked_out",
  "expired",
  "no_response",
  "no_resume_text",
] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

// A step can also be "skipped" because an earlier step ended the workflow.
export const STEP_STATUSES = [...SCREENING_STATUSES, "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const scoreSchema = z.number().min(0).max(100);

export const criterionScoreSchema = z.object({
  criterionId: z.string(),
  name: z.string(),
  score: scoreSchema,
  weight: z.number(),
  // Whether the criterion's requirement holds: the keywords by its match
  // rule, and its minimum years when it has one.
  met: z.boolean(),
  dealbreaker: z.boolean(),
  matchedKeywords: z.array(z.string()),
  missingKeywords: z.array(z.string()),
  years: z.number().nullable(),
  minYears: z.number().nullable(),
  // Resume lines that support the score, as extracted from the file.
  evidence: z.array(z.string()),
});

export const answerScoreSchema = z.object({
  questionId: z.string(),
  prompt: z.string(),
  answer: z.string().nullable(),
  score: scoreSchema,
  weight: z.number(),
  accepted: z.boolean(),
  dealbreaker: z.boolean(),
  note: z.string(),
});

export const transcriptEntrySchema = z.object({
  stepId: z.string(),
  speaker: z.enum(["agent", "candidate"]),
  text: z.string(),
  at: z.iso.datetime().optional(),
});

export const mediaLinkSchema = z.object({
  stepId: z.string(),
  kind: z.enum(["audio", "video", "document"]),
  url: z.url(),
  label: z.string(),
});

export const stepResultSchema = z.object({
  stepId: z.string(),
  kind: z.enum(STEP_KINDS),
  status: z.enum(STEP_STATUSES),
  score: scoreSchema.nullable(),
  weight: z.number(),
  // Reason the step did not complete, or the dealbreaker that knocked it out.
  reason: z.string().nullable(),
  highlights: z.array(z.string()),
  lowlights: z.array(z.string()),
  criteria: z.array(criterionScoreSchema),
  answers: z.array(answerScoreSchema),
  transcript: z.array(transcriptEntrySchema),
  media: z.array(mediaLinkSchema),
  completedAt: z.iso.datetime().nullable(),
});

export const screeningResultSchema = z.object({
  status: z.enum(SCREENING_STATUSES),
  // Null when the workflow could not judge the candidate (no resume text,
  // no response, expired). Zero after a knockout.
  overallScore: scoreSchema.nullable(),
  passingScore: scoreSchema,
  passed: z.boolean(),
  summary: z.string(),
  highlights: z.array(z.string()),
  lowlights: z.array(z.string()),
  steps: z.array(stepResultSchema),
  transcript: z.array(transcriptEntrySchema),
  media: z.array(mediaLinkSchema),
  completedAt: z.iso.datetime().nullable(),
});

export type CriterionScore = z.infer<typeof criterionScoreSchema>;
export type AnswerScore = z.infer<typeof answerScoreSchema>;
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;
export type MediaLink = z.infer<typeof mediaLinkSchema>;
export type StepResult = z.infer<typeof stepResultSchema>;
export type ScreeningResult = z.infer<typeof screeningResultSchema>;
