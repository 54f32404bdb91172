import type { Logger } from "pino";
import type { z } from "zod";

import type { TrackerErrorDetails } from "./errors";
import { rawField, summarizeIssues } from "./fields";

/** A list element that failed validation and was left out. */
export type SkippedRow = { index: number; id: unknown; problem: string };

/**
 * Parses each element of a list on its own, so one malformed row is
 * logged with its id and skipped instead of failing the whole list.
 */
export function parseRows<Schema extends z.ZodType>(
  schema: Schema,
  list: unknown[],
  details: TrackerErrorDetails,
  idKeys: string[],
  logger: Logger,
): { rows: z.output<Schema>[]; skipped: SkippedRow[] } {
  const rows: z.output<Schema>[] = [];
  const skipped: SkippedRow[] = [];
  list.forEach((element, index) => {
    const parsed = schema.safeParse(element);
    if (parsed.success) {
      rows.push(parsed.data);
      return;
    }
    const row = {
      index,
      id: rawField(element, ...idKeys) ?? null,
      problem: summarizeIssues(parsed.error),
    };
    skipped.push(row);
    logger.warn(
      { operation: details.operation, id: details.id, row },
      "Tracker returned a malformed row; skipped it",
    );
  });
  return { rows, skipped };
}
