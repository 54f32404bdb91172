"use server";

import { revalidatePath } from "next/cache";

import { getEnv } from "@/lib/env";
import { connectTrackerSchema } from "@/lib/validations/tracker-connection";

import { createAction } from "./safe-action";
import {
  CONNECTION_ROLE,
  connectTracker as connectTrackerRow,
} from "./services/tracker-connection";

/** Checks the access token live and saves the workspace's Tracker connection. */
export const connectTracker = createAction(
  {
    name: "connect-tracker",
    role: CONNECTION_ROLE,
    schema: connectTrackerSchema,
  },
  async (input, { viewer, db }) => {
    const result = await connectTrackerRow(db, viewer, input, {
      sandboxUrl: getEnv().TRACKER_SANDBOX_URL,
    });
    revalidatePath("/integrations");
    return result;
  },
);
