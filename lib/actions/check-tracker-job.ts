"use server";

import { checkTrackerJobSchema } from "@/lib/validations/job-mapping";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { checkTrackerJob as checkTrackerJobLive } from "./services/job-mappings";

/** Looks a Job ID up live so the mapping form can show title and status. */
export const checkTrackerJob = createAction(
  {
    name: "check-tracker-job",
    role: AGENT_EDITOR_ROLE,
    schema: checkTrackerJobSchema,
  },
  async (input, { viewer, db }) => checkTrackerJobLive(db, viewer, input),
);
