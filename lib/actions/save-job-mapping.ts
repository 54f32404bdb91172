"use server";

import { revalidatePath } from "next/cache";

import { saveJobMappingSchema } from "@/lib/validations/job-mapping";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { saveJobMapping as saveJobMappingRow } from "./services/job-mappings";

/** Maps a Tracker job and trigger stage to an agent, or remaps one. */
export const saveJobMapping = createAction(
  {
    name: "save-job-mapping",
    role: AGENT_EDITOR_ROLE,
    schema: saveJobMappingSchema,
  },
  async (input, { viewer, db }) => {
    const mapping = await saveJobMappingRow(db, viewer, input);
    revalidatePath(`/agents/${mapping.agentId}`);
    return { id: mapping.id };
  },
);
