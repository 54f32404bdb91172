import { z } from "zod";

import { syncRunKindEnum, syncRunStatusEnum } from "@/db/schema";

/**
 * The sync history filters as they appear in the URL's search params. An
 * invalid value is dropped instead of failing the page, because a stale or
 * hand-edited link should still open the unfiltered history.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

// An opaque keyset cursor; lib/views/sync-runs.ts encodes and decodes it.
const cursor = z
  .string()
  .max(200)
  .regex(/^[\w-]+$/);

export const syncHistoryFiltersSchema = z.object({
  agent: z.uuid().optional().catch(undefined),
  job: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(syncRunStatusEnum.enumValues).optional().catch(undefined),
  kind: z.enum(syncRunKindEnum.enumValues).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  after: cursor.optional().catch(undefined),
  before: cursor.optional().catch(undefined),
});

export type SyncHistoryFilters = z.output<typeof syncHistoryFiltersSchema>;

/** Parses Next.js search params, taking the first value of a repeated key. */
export function parseSyncHistoryFilters(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): SyncHistoryFilters {
  const flat: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) flat[key] ??= value;
  } else {
    for (const [key, value] of Object.entries(params)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined && first !== "") flat[key] = first;
    }
  }
  return syncHistoryFiltersSchema.parse(flat);
}

/** Builds the query string of a filter set, leaving out empty values. */
export function toSearchParams(
  filters: Partial<SyncHistoryFilters>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params;
}
