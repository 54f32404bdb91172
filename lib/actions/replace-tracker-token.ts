"use server";

import { revalidatePath } from "next/cache";

import { getEnv } from "@/lib/env";
import { replaceTrackerTokenSchema } from "@/lib/validations/tracker-connection";

import { createAction } from "./safe-action";
import {
  CONNECTION_ROLE,
  replaceTrackerToken as replaceTrackerTokenRow,
} from "./services/tracker-connection";

/** Checks a new access token live and stores it on the connection. */
export const replaceTrackerToken = createAction(
  {
    name: "replace-tracker-token",
    role: CONNECTION_ROLE,
    schema: replaceTrackerTokenSchema,
  },
  async (input, { viewer, db }) => {
    const result = await replaceTrackerTokenRow(db, viewer, input, {
      sandboxUrl: getEnv().TRACKER_SANDBOX_URL,
    });
    revalidatePath("/integrations");
    return result;
  },
);
