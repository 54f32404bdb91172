import type { Db } from "@/db";
import type { QuestionStepInput, StepOfKind } from "@/lib/screening/scorer";

import type { ScreeningContext } from "../workflow/screening-context";

export type QuestionStepKind = "form" | "sms" | "voice";

/**
 * Outcome of starting a question step: the candidate was contacted and
 * the step waits for them, or the step ended at once (no way to reach the
 * candidate) with this scorer input.
 */
export type StepStart =
  | { kind: "waiting"; detail: string }
  | { kind: "done"; input: QuestionStepInput };

/**
 * Starts one kind of question step. The step later ends through
 * `finishQuestionStep`, which stores the scorer input on the invitation and
 * moves the workflow on.
 */
export interface StepRunner<K extends QuestionStepKind> {
  readonly kind: K;
  start(
    db: Db,
    context: ScreeningContext,
    step: StepOfKind<K>,
  ): Promise<StepStart>;
}

export function noContact(reason: string): StepStart {
  return {
    kind: "done",
    input: {
      status: "no_response",
      answers: [],
      transcript: [{ speaker: "agent", text: reason }],
      completedAt: new Date(),
    },
  };
}
