"use server";

import { revalidatePath } from "next/cache";

import { trackerTimeZoneSchema } from "@/lib/validations/tracker-connection";

import { createAction } from "./safe-action";
import {
  CONNECTION_ROLE,
  updateTrackerTimeZone as updateTimeZoneRow,
} from "./services/tracker-connection";

/** Changes the time zone Tracker's local timestamps are read in. */
export const updateTrackerTimeZone = createAction(
  {
    name: "update-tracker-time-zone",
    role: CONNECTION_ROLE,
    schema: trackerTimeZoneSchema,
  },
  async (input, { viewer, db }) => {
    const connection = await updateTimeZoneRow(db, viewer, input);
    revalidatePath("/integrations");
    return connection;
  },
);
