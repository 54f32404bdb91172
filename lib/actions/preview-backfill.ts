"use server";

import { backfillSchema } from "@/lib/validations/backfill";

import { createAction } from "./safe-action";
import { AGENT_EDITOR_ROLE } from "./services/agents";
import { previewBackfill as previewBackfillCount } from "./services/backfills";

/** Counts the candidates a backfill would bring in; starts nothing. */
export const previewBackfill = createAction(
  { name: "preview-backfill", role: AGENT_EDITOR_ROLE, schema: backfillSchema },
  async (input, { viewer, db }) => previewBackfillCount(db, viewer, input),
);
