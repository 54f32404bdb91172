import { z } from "zod";

import { MAX_REPORT_LINK_DAYS } from "../report-link-limits";

/** Forms for report links, shared by their server actions and the UI. */

export const reportLinkDaysSchema = z.object({
  days: z
    .number({
      error: `Enter a number of days from 1 to ${MAX_REPORT_LINK_DAYS}.`,
    })
    .int("Enter a whole number of days.")
    .min(1, `Enter a number of days from 1 to ${MAX_REPORT_LINK_DAYS}.`)
    .max(
      MAX_REPORT_LINK_DAYS,
      `Enter a number of days from 1 to ${MAX_REPORT_LINK_DAYS}.`,
    ),
});

export const reportLinkIdSchema = z.object({ linkId: z.uuid() });

export const screeningIdSchema = z.object({ screeningId: z.uuid() });
