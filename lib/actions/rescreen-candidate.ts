"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { requestRescreen } from "@/lib/sync/rescreen";

import { ActionError } from "./action-error";
import { createAction } from "./safe-action";

const rescreenSchema = z.object({ screeningId: z.uuid() });

/**
 * Screens a finished candidate again as a new screening, for example after
 * a failure or an agent change; the sync engine never repeats one itself.
 */
export const rescreenCandidate = createAction(
  { name: "rescreen-candidate", role: "admin", schema: rescreenSchema },
  async ({ screeningId }, { viewer }) => {
    const result = await requestRescreen(viewer.workspaceId, screeningId);
    if (!result.ok) throw new ActionError(result.error);
    revalidatePath("/candidates", "layout");
    return { screeningId: result.screeningId };
  },
);
