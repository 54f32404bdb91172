import { z } from "zod";

/**
 * The hosted form's validation, shared by the browser and the server
 * actions. Candidates see only what a question asks, never its expected
 * answer or whether it is a dealbreaker, so the browser gets `FormQuestion`
 * and not the workflow's question.
 */

export type FormQuestion =
  | { id: string; prompt: string; type: "yes_no" }
  | { id: string; prompt: string; type: "number" }
  | { id: string; prompt: string; type: "choice"; options: string[] }
  | { id: string; prompt: string; type: "text" };

export const MAX_TEXT_ANSWER = 2000;

/** Validates one answer as the form sends it (a string) and converts it. */
export function answerSchema(question: FormQuestion) {
  switch (question.type) {
    case "yes_no":
      return z.enum(["yes", "no"], { error: "Choose yes or no." });
    case "number":
      return z
        .string({ error: "Enter a number." })
        .trim()
        .min(1, "Enter a number.")
        .regex(/^\d+([.,]\d+)?$/, "Enter a number, such as 3 or 2.5.")
        .transform((value) => Number(value.replace(",", ".")))
        .pipe(
          z.number().max(1_000_000_000, "Enter a number up to 1,000,000,000."),
        );
    case "choice":
      return z.enum(question.options as [string, ...string[]], {
        error: "Choose one of the options.",
      });
    case "text":
      return z
        .string({ error: "Enter an answer." })
        .trim()
        .min(1, "Enter an answer.")
        .max(MAX_TEXT_ANSWER, `Use at most ${MAX_TEXT_ANSWER} characters.`);
  }
}

/** Builds the whole form's schema: every question needs a valid answer. */
export function formSchema(questions: readonly FormQuestion[]) {
  return z.object(
    Object.fromEntries(
      questions.map((question) => [question.id, answerSchema(question)]),
    ),
  );
}

// Ids and values travel as strings; each answer is checked against its
// question's schema on the server before it is stored.
export const saveAnswerInputSchema = z.object({
  token: z.string().min(1).max(200),
  questionId: z.string().min(1).max(64),
  value: z.string().max(MAX_TEXT_ANSWER + 100),
});

export const submitFormInputSchema = z.object({
  token: z.string().min(1).max(200),
  answers: z.record(z.string().max(64), z.string().max(MAX_TEXT_ANSWER + 100)),
});

export type SaveAnswerInput = z.infer<typeof saveAnswerInputSchema>;
export type SubmitFormInput = z.infer<typeof submitFormInputSchema>;
