import type { Db } from "@/db";
import { extractResumeText } from "@/lib/screening/resume-text";
import {
  recordScreeningFailure,
  recordScreeningResult,
} from "@/lib/sync/screening-results";
import { advanceScreening } from "@/lib/sync/screening-state";

import { advanceWorkflow } from "../workflow/advance-workflow";
import { loadScreeningContext } from "../workflow/screening-context";

/**
 * Starts a demo screening's workflow the way intake does, but through `db`
 * and not the app's process-wide database, and applies the outcome.
 * Returns the outcome's kind.
 */
export async function startDemoScreening(db: Db, screeningId: string) {
  const context = await loadScreeningContext(db, screeningId);
  const resume = await extractResumeText(new Uint8Array(), "none");
  const outcome = await advanceWorkflow(db, context, resume);
  switch (outcome.kind) {
    case "final":
      await recordScreeningResult(screeningId, outcome.result, db);
      break;
    case "failed":
      await recordScreeningFailure(db, screeningId, outcome.reason);
      break;
    default:
      await advanceScreening(db, screeningId, outcome.kind, {
        detail: outcome.detail,
      });
  }
  return outcome.kind;
}
