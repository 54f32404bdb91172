import type { Db } from "@/db";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";

/** The candidate whose form invitation waits in the outbox. */
export const CHANNELS_CANDIDATE = {
  firstName: "Casey",
  lastName: "Candidate",
  email: "casey.candidate@example.test",
  mobilePhone: null,
};

// 64 hex characters, the shape of the tokens the database generates.
export const CHANNELS_REPORT_TOKEN = "e2e0".repeat(16);

/**
 * Seeds a screening in the invited state in its own workspace, with the
 * form invitation emailed to the development outbox.
 */
export async function seedChannels(db: Db) {
  const demo = await createDemoScreening(db, {
    workflow: createDemoFormWorkflow(),
    candidate: CHANNELS_CANDIDATE,
    workspaceSlug: "channels-e2e",
    reportToken: CHANNELS_REPORT_TOKEN,
  });
  const outcome = await startDemoScreening(db, demo.screeningId);
  if (outcome !== "invited") {
    throw new Error(`The channels seed expected "invited", got "${outcome}".`);
  }
  return demo;
}
