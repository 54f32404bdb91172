import { z } from "zod";

const count = z.number().int().min(0);

/**
 * Faults to inject into the next `/api` requests. Each counter goes down
 * by one per request (or per write, or per search page) it affects, and
 * the fault stops at zero. Setting a counter to 0 clears that fault.
 */
export const faultsSchema = z
  .object({
    /** Reply 429 with `Retry-After` to the next N requests. */
    rateLimitStorm: count,
    /** Reply `serverErrorStatus` to the next N requests. */
    serverErrors: count,
    serverErrorStatus: z.number().int().min(500).max(599),
    /** Delay the next N requests by `slowReplyMs` before handling them. */
    slowReplies: count,
    slowReplyMs: count.max(600_000),
    /** Destroy the socket of the next N requests without handling them. */
    resetConnections: count,
    /**
     * Commit the next N writes (activity or document uploads), then
     * destroy the socket before the reply, so the client cannot tell the
     * write succeeded.
     */
    dropAfterWrite: count,
    /** Corrupt one row on each of the next N search pages. */
    malformedRows: count,
    /**
     * Serve the rows of the previous page on the next N search pages
     * after the first, as a server whose paging wraps or repeats would.
     */
    repeatedPages: count,
  })
  .strict();

export type SandboxFaults = z.infer<typeof faultsSchema>;

/** Validates a partial fault update from the control API. */
export const faultsPatchSchema = faultsSchema.partial().strict();

export const NO_FAULTS: SandboxFaults = {
  rateLimitStorm: 0,
  serverErrors: 0,
  serverErrorStatus: 503,
  slowReplies: 0,
  slowReplyMs: 0,
  resetConnections: 0,
  dropAfterWrite: 0,
  malformedRows: 0,
  repeatedPages: 0,
};

type CountedFault =
  | "rateLimitStorm"
  | "serverErrors"
  | "slowReplies"
  | "resetConnections"
  | "dropAfterWrite"
  | "malformedRows"
  | "repeatedPages";

/** Holds the active faults and counts them down as they fire. */
export class FaultInjector {
  private faults: SandboxFaults = { ...NO_FAULTS };

  get current(): SandboxFaults {
    return { ...this.faults };
  }

  update(patch: Partial<SandboxFaults>): SandboxFaults {
    this.faults = faultsSchema.parse({ ...this.faults, ...patch });
    return this.current;
  }

  clear(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** Uses up one occurrence of a fault, or returns false when none is left. */
  consume(fault: CountedFault): boolean {
    if (this.faults[fault] <= 0) return false;
    this.faults[fault] -= 1;
    return true;
  }
}

/**
 * Corrupts one row of a search page. The kind of damage rotates with the
 * page number, so a crawl meets each kind: a null id, a non-numeric
 * status id, a missing job id, and a row that is JSON null.
 */
export function corruptRow(rows: unknown[], pageNumber: number): void {
  if (rows.length === 0) return;
  const index = pageNumber % rows.length;
  const row = rows[index] as Record<string, unknown>;
  switch (pageNumber % 4) {
    case 0:
      rows[index] = { ...row, opportunityResourceId: null };
      break;
    case 1:
      rows[index] = { ...row, opportunityResourceStatusId: "n/a" };
      break;
    case 2: {
      const { opportunityId: _dropped, ...rest } = row;
      rows[index] = rest;
      break;
    }
    default:
      rows[index] = null;
  }
}
