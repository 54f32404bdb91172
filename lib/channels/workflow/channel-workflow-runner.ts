import { getDb } from "@/db";
import {
  setWorkflowRunner,
  type WorkflowRunner,
} from "@/lib/sync/workflow-runner";

import { advanceWorkflow } from "./advance-workflow";
import { loadScreeningContext } from "./screening-context";

/**
 * The workflow runner for workflows with form, SMS or voice steps (it runs
 * resume-only workflows too). `start` invites the candidate to the first
 * question step; later steps and the final result follow from
 * `finishQuestionStep` as each step ends.
 */
export const channelWorkflowRunner: WorkflowRunner = {
  async start(input) {
    const db = await getDb();
    const context = await loadScreeningContext(db, input.screening.id);
    return advanceWorkflow(
      db,
      { ...context, candidate: input.candidate, workflow: input.workflow },
      input.resume,
    );
  },
};

/** Makes intake use the channel runner; call once at server start. */
export function installChannelWorkflowRunner() {
  setWorkflowRunner(channelWorkflowRunner);
}
