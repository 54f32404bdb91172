"use server";

import { revalidatePath } from "next/cache";

import { backfillSchema } from "@/lib/validations/backfill";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { startBackfill as queueBackfill } from "./services/backfills";

/** Queues a backfill for the sync engine, with the previewed total. */
export const startBackfill = createAction(
  { name: "start-backfill", role: AGENT_EDITOR_ROLE, schema: backfillSchema },
  async (input, { viewer, db }) => {
    const backfill = await queueBackfill(db, viewer, input);
    revalidatePath("/agents", "layout");
    return backfill;
  },
);
