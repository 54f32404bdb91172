import { z } from "zod";

/** The retry button's input, shared by the button and its server action. */
export const retryWriteBackSchema = z.object({
  screeningId: z.uuid("The screening id is invalid; reload the page."),
  runId: z.uuid("The run id is invalid; reload the page."),
});

export type RetryWriteBackInput = z.input<typeof retryWriteBackSchema>;
