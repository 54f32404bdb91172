"use server";

import { getDb } from "@/db";
import {
  FormClosedError,
  saveFormAnswer,
  submitForm,
} from "@/lib/channels/form/candidate-form";
import {
  saveAnswerInputSchema,
  submitFormInputSchema,
  type SaveAnswerInput,
  type SubmitFormInput,
} from "@/lib/channels/form/form-schema";
import { getLogger } from "@/lib/logger";

/**
 * Server actions of the public form. There is no session: the link token
 * in the input is the credential, checked on every call.
 */

export type FormActionResult =
  | { ok: true }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string> };

const log = getLogger("action:candidate-form");

export async function saveFormAnswerAction(
  input: SaveAnswerInput,
): Promise<FormActionResult> {
  const parsed = saveAnswerInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: "Invalid answer." };
  const { token, questionId, value } = parsed.data;
  return run(async () =>
    saveFormAnswer(await getDb(), token, questionId, value),
  );
}

export async function submitFormAction(
  input: SubmitFormInput,
): Promise<FormActionResult> {
  const parsed = submitFormInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: "Invalid answers." };
  const { token, answers } = parsed.data;
  return run(async () => submitForm(await getDb(), token, answers));
}

async function run(
  work: () => Promise<FormActionResult>,
): Promise<FormActionResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FormClosedError) {
      return { ok: false, formError: error.message };
    }
    log.error({ err: error }, "candidate form action failed");
    return {
      ok: false,
      formError:
        "Your answers could not be saved right now. Please try again in a minute.",
    };
  }
}
