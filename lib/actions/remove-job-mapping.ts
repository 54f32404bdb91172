"use server";

import { revalidatePath } from "next/cache";

import { mappingIdSchema } from "@/lib/validations/job-mapping";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { removeJobMapping as removeJobMappingRow } from "./services/job-mappings";

/** Stops pulling candidates for a mapping; started screenings finish. */
export const removeJobMapping = createAction(
  {
    name: "remove-job-mapping",
    role: AGENT_EDITOR_ROLE,
    schema: mappingIdSchema,
  },
  async (input, { viewer, db }) => {
    const result = await removeJobMappingRow(db, viewer, input);
    revalidatePath("/agents", "layout");
    return result;
  },
);
