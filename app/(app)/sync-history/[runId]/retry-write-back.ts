"use server";

import { revalidatePath } from "next/cache";

import { ActionError, createAction } from "@/lib/actions/safe-action";
import { getLogger } from "@/lib/logger";
import { retryWriteBack as queueWriteBackRetry } from "@/lib/sync/write-back";
import { retryWriteBackSchema } from "@/lib/views/retry-write-back-schema";

/**
 * Queues a failed write-back again, from a run's page. Admins only; the
 * sync engine checks that the screening is the admin's workspace's and
 * that its write-back has failed.
 */
export const retryWriteBack = createAction(
  { name: "retry-write-back", role: "admin", schema: retryWriteBackSchema },
  async (input, { viewer }) => {
    const queued = await queueWriteBackRetry(
      viewer.workspaceId,
      input.screeningId,
    );
    if (!queued) {
      throw new ActionError(
        "This write-back is not failed any more, or it is not in your " +
          "workspace. Reload the page to see its current status.",
      );
    }
    getLogger("action:retry-write-back").info(
      {
        workspaceId: viewer.workspaceId,
        userId: viewer.userId,
        screeningId: input.screeningId,
        runId: input.runId,
      },
      "write-back retry requested",
    );
    revalidatePath(`/sync-history/${input.runId}`);
    return { screeningId: input.screeningId };
  },
);
