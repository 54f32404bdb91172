"use server";

import { revalidatePath } from "next/cache";

import { agentSchema } from "@/lib/validations/agent";

import { createAction } from "./safe-action";
import {
  AGENT_EDITOR_ROLE,
  saveAgent as saveAgentRow,
} from "./services/agents";

/** Creates or edits an agent; returns its id for the redirect. */
export const saveAgent = createAction(
  { name: "save-agent", role: AGENT_EDITOR_ROLE, schema: agentSchema },
  async (input, { viewer, db }) => {
    const agent = await saveAgentRow(db, viewer, input);
    revalidatePath("/agents");
    revalidatePath(`/agents/${agent.id}`);
    return { id: agent.id };
  },
);
