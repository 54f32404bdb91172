import { z } from "zod";

/** Forms of the development pages, shared by the pages and their actions. */

export const phoneReplySchema = z.object({
  phone: z.string().trim().min(8, "Choose a phone number."),
  body: z
    .string()
    .trim()
    .min(1, "Type a reply.")
    .max(1600, "Use at most 1600 characters; that is ten SMS segments."),
});

export const interviewAnswersSchema = z.object({
  sessionId: z.string().min(1),
  answers: z.record(z.string(), z.string().max(5000)),
});

export type PhoneReplyInput = z.infer<typeof phoneReplySchema>;
export type InterviewAnswersInput = z.infer<typeof interviewAnswersSchema>;
