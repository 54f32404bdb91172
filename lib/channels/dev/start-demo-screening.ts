import type { Db } from "@/db";
import { extractResumeText } from "@/lib/screening/resume-text";
import { advanceScreening } from "@/lib/sync/screening-state";

import { advanceWorkflow } from "../workflow/advance-workflow";
import { loadScreeningContext } from "../workflow/screening-context";

/**
 * Starts a demo screening's workflow the way intake does, through `db`
 * and not the app's process-wide database, and moves it to invited.
 * Returns the workflow outcome's kind.
 */
export async function startDemoScreening(db: Db, screeningId: string) {
  const context = await loadScreeningContext(db, screeningId);
  const resume = await extractResumeText(new Uint8Array(), "none");
  const outcome = await advanceWorkflow(db, context, resume);
  if (outcome.kind === "invited" || outcome.kind === "in_progress") {
    await advanceScreening(db, screeningId, outcome.kind, {
      detail: outcome.detail,
    });
  }
  return outcome.kind;
}
