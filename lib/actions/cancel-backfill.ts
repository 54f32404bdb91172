"use server";

import { backfillIdSchema } from "@/lib/validations/backfill";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { cancelBackfill as cancelBackfillRow } from "./services/backfills";

/** Cancels a queued or running backfill. */
export const cancelBackfill = createAction(
  {
    name: "cancel-backfill",
    role: AGENT_EDITOR_ROLE,
    schema: backfillIdSchema,
  },
  async (input, { viewer, db }) => cancelBackfillRow(db, viewer, input),
);
