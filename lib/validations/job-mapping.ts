import { z } from "zod";

// Tracker ids are Postgres integers here; anything larger cannot be stored.
const MAX_TRACKER_ID = 2_147_483_647;

/** The Job Posting ID as typed: digits only, read as a positive integer. */
export const trackerJobIdField = z
  .string()
  .trim()
  .min(1, "Enter the Tracker Job ID, the number shown on the job in Tracker.")
  .regex(
    /^\d+$/,
    "A Tracker Job ID contains digits only, such as 1026; remove letters, spaces and symbols.",
  )
  .transform(Number)
  .refine(
    (id) => id >= 1 && id <= MAX_TRACKER_ID,
    "Enter a Job ID between 1 and 2147483647.",
  );

export const checkTrackerJobSchema = z.object({
  trackerJobId: trackerJobIdField,
});

export type CheckTrackerJobInput = z.input<typeof checkTrackerJobSchema>;
export type CheckTrackerJobValues = z.output<typeof checkTrackerJobSchema>;

export const saveJobMappingSchema = z.object({
  agentId: z.uuid("The agent id is invalid; reload the page and try again."),
  // Present when remapping an existing mapping.
  mappingId: z
    .uuid("The mapping id is invalid; reload the page and try again.")
    .optional(),
  trackerJobId: trackerJobIdField,
  triggerStatusId: z.coerce
    .number({ error: "Pick the stage that pulls candidates in." })
    .int("Pick the stage that pulls candidates in.")
    .min(1, "Pick the stage that pulls candidates in."),
  // The admin saw that the job is closed in Tracker and maps it anyway.
  mapClosedJob: z.boolean().default(false),
});

export type SaveJobMappingInput = z.input<typeof saveJobMappingSchema>;
export type SaveJobMappingValues = z.output<typeof saveJobMappingSchema>;

export const mappingIdSchema = z.object({
  mappingId: z.uuid(
    "The mapping id is invalid; reload the page and try again.",
  ),
});

export type MappingIdInput = z.input<typeof mappingIdSchema>;
