"use server";

import { mappingIdSchema } from "@/lib/validations/job-mapping";
import { requestSyncNow } from "@/lib/sync/sync-now";

import { ActionError } from "./action-error";
import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";

/**
 * Queues a poll of the mapping's Tracker connection now, through the same
 * queue key and crawl lease as the scheduled sync.
 */
export const syncMappingNow = createAction(
  {
    name: "sync-mapping-now",
    role: AGENT_EDITOR_ROLE,
    schema: mappingIdSchema,
  },
  async (input, { viewer }) => {
    const result = await requestSyncNow(viewer.workspaceId, input.mappingId);
    if (!result.ok) throw new ActionError(result.error);
    return { queued: result.queued };
  },
);
