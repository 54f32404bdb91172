"use server";

import { revalidatePath } from "next/cache";

import { emptySchema } from "@/lib/validations/tracker-connection";

import { createAction } from "./safe-action";
import { CONNECTION_ROLE } from "./services/tracker-connection";
import { disconnectTracker as disconnectTrackerRow } from "./services/tracker-disconnect";

/** Forgets the access token; mappings pause until a token is saved again. */
export const disconnectTracker = createAction(
  { name: "disconnect-tracker", role: CONNECTION_ROLE, schema: emptySchema },
  async (_input, { viewer, db }) => {
    const result = await disconnectTrackerRow(db, viewer);
    revalidatePath("/integrations");
    revalidatePath("/agents", "layout");
    return result;
  },
);
