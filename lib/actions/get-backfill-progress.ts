"use server";

import { backfillIdSchema } from "@/lib/validations/backfill";

import { createAction } from "./safe-action";
import { readBackfill } from "./services/backfills";

/** Returns a backfill's counts for the progress bar's polling query. */
export const getBackfillProgress = createAction(
  { name: "get-backfill-progress", role: "viewer", schema: backfillIdSchema },
  async (input, { viewer, db }) => readBackfill(db, viewer, input),
);
