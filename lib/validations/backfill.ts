import { z } from "zod";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().slice(0, 10) === value
  );
}

/**
 * The backfill modal's fields. The future-date check needs the Tracker
 * database's time zone, so the server applies it after this schema.
 */
export const backfillSchema = z.object({
  mappingId: z.uuid(
    "The mapping id is invalid; reload the page and try again.",
  ),
  // Blank means everyone who applied before the job was mapped.
  upToDate: z
    .string()
    .trim()
    .refine(
      (value) => value === "" || (ISO_DATE.test(value) && isRealDate(value)),
      "Enter a date as YYYY-MM-DD, such as 2026-01-31, or leave it blank.",
    ),
  // Blank means every stage.
  stageFilterId: z
    .string()
    .trim()
    .refine(
      (value) => value === "" || /^\d+$/.test(value),
      "Pick a stage from the list, or All stages.",
    ),
});

export type BackfillInput = z.input<typeof backfillSchema>;
export type BackfillValues = z.output<typeof backfillSchema>;

export const backfillIdSchema = z.object({
  backfillId: z.uuid(
    "The backfill id is invalid; reload the page and try again.",
  ),
});
