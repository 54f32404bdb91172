import { z } from "zod";

import { isValidTimeZone } from "@/lib/tracker/local-time";

export const CONNECTION_REGIONS = ["US", "CA", "Other", "Sandbox"] as const;
export type ConnectionRegion = (typeof CONNECTION_REGIONS)[number];

export const REGION_LABELS: Record<ConnectionRegion, string> = {
  US: "United States (evousapi)",
  CA: "Canada (evocaapi)",
  Other: "UK and rest of world (evoglapi)",
  Sandbox: "Sandbox (local Tracker simulator)",
};

export const accessTokenField = z
  .string()
  .trim()
  .min(
    1,
    "Paste the access token from Tracker: Tools & Settings → Security Settings → API.",
  )
  .min(
    16,
    "This is too short for a Tracker access token (they are usually 32 characters); copy the whole token again.",
  )
  .max(
    512,
    "This is longer than any Tracker access token; copy only the token itself.",
  )
  .regex(
    /^\S+$/,
    "The access token contains spaces or line breaks; copy it again without them.",
  );

export const apiVersionField = z.coerce
  .number({ error: "Enter the API version as a whole number, such as 1." })
  .int("Enter the API version as a whole number, such as 1.")
  .min(
    1,
    "The API version starts at 1; enter 1 unless Tracker told you otherwise.",
  )
  .max(99, "Enter an API version below 100; Tracker serves version 1 today.");

export const connectTrackerSchema = z.object({
  accessToken: accessTokenField,
  apiVersion: apiVersionField,
  region: z.enum(CONNECTION_REGIONS, {
    error:
      "Pick the region in your Tracker login address: US, CA, or UK and " +
      "rest of world.",
  }),
});

export type ConnectTrackerInput = z.input<typeof connectTrackerSchema>;
export type ConnectTrackerValues = z.output<typeof connectTrackerSchema>;

export const replaceTrackerTokenSchema = z.object({
  accessToken: accessTokenField,
});

export type ReplaceTrackerTokenInput = z.input<
  typeof replaceTrackerTokenSchema
>;

export const trackerTimeZoneSchema = z.object({
  timeZone: z
    .string()
    .trim()
    .min(1, "Enter the Tracker database's time zone, such as America/Chicago.")
    .refine(
      isValidTimeZone,
      "This is not an IANA time zone name; use a name such as America/Chicago or Europe/London.",
    ),
});

export type TrackerTimeZoneInput = z.input<typeof trackerTimeZoneSchema>;

export const emptySchema = z.object({});
