import type { Db } from "@/db";
import { getLogger } from "@/lib/logger";
import { extractResumeText } from "@/lib/screening/resume-text";
import {
  recordScreeningFailure,
  recordScreeningResult,
} from "@/lib/sync/screening-results";
import { advanceScreening } from "@/lib/sync/screening-state";

import { advanceWorkflow } from "./advance-workflow";
import { loadScreeningContext } from "./screening-context";

const log = getLogger("channels:workflow");

/**
 * Runs a waiting screening's workflow again after one of its question
 * steps ended: starts the next step, or records the final result, which
 * queues the write-back to Tracker.
 */
export async function continueScreening(
  db: Db,
  screeningId: string,
): Promise<void> {
  const context = await loadScreeningContext(db, screeningId);
  const { candidate } = context;
  const resume = await extractResumeText(
    candidate.resumeContent ?? new Uint8Array(),
    candidate.resumeFilename ?? "resume",
  );

  const outcome = await advanceWorkflow(db, context, resume);
  log.info({ screeningId, outcome: outcome.kind }, "workflow advanced");
  switch (outcome.kind) {
    case "final":
      await recordScreeningResult(screeningId, outcome.result, db);
      return;
    case "failed":
      await recordScreeningFailure(db, screeningId, outcome.reason);
      return;
    default:
      // From invited to in_progress; a move back is refused and ignored.
      await advanceScreening(db, screeningId, outcome.kind, {
        detail: outcome.detail,
      });
  }
}
