import type { Logger } from "pino";

import { TrackerInvalidResponseError } from "./errors";
import { extractList } from "./fields";
import {
  placementPageSchema,
  placementSchema,
  type TrackerPlacement,
} from "./schemas";
import { parseRows, type SkippedRow } from "./rows";

/** One page of OpportunityResource/Search. */
export type PlacementPage = {
  /** 1-based; resume a crawl with `startPage: pageNumber + 1`. */
  pageNumber: number;
  rows: TrackerPlacement[];
  /** Rows that failed validation, logged with their ids and left out. */
  skipped: SkippedRow[];
  /** Tracker's total, when it sends one; not used to decide the end. */
  totalRecords: number | null;
  /** True when no page follows this one. */
  isLastPage: boolean;
};

type CrawlOptions = {
  startPage: number;
  pageSize: number;
  timeZone: string;
  logger: Logger;
  fetchPage: (pageNumber: number) => Promise<unknown>;
};

/**
 * Walks placement pages from `startPage`, yielding each page before the
 * next is fetched, so at most one page is held. It stops after an empty
 * page, a page shorter than the page size, `hasNextPage: false`, or a page
 * that repeats the previous one's ids (a server that wraps around).
 * Server-side filters are not sent because Tracker ignores them; callers
 * filter rows by job and status.
 */
export async function* crawlPlacementPages(
  options: CrawlOptions,
): AsyncGenerator<PlacementPage, void, undefined> {
  if (!Number.isInteger(options.startPage) || options.startPage < 1) {
    throw new RangeError(
      `startPage must be a whole number from 1; got ${options.startPage}`,
    );
  }
  const schema = placementSchema(options.timeZone);
  let previousIds = "";

  for (let pageNumber = options.startPage; ; pageNumber += 1) {
    const details = { operation: "crawlPlacements", id: `page ${pageNumber}` };
    const body = await options.fetchPage(pageNumber);
    const list = extractList(body);
    if (!list) {
      throw new TrackerInvalidResponseError(details, "expected a page of rows");
    }
    const envelope = placementPageSchema.safeParse(body);
    const meta = envelope.success ? envelope.data : {};
    const { rows, skipped } = parseRows(
      schema,
      list,
      details,
      ["opportunityResourceId"],
      options.logger,
    );

    const ids = rows.map((row) => row.id).join(",");
    if (ids !== "" && ids === previousIds) {
      options.logger.warn(
        { pageNumber },
        "Tracker repeated the previous placement page; stopping the crawl",
      );
      return;
    }
    previousIds = ids;

    // A server that caps pages lower than asked reports its own size.
    const effectiveSize = Math.min(
      options.pageSize,
      meta.pagesize || options.pageSize,
    );
    const isLastPage =
      list.length === 0 ||
      meta.hasnextpage === false ||
      list.length < effectiveSize;

    yield {
      pageNumber,
      rows,
      skipped,
      totalRecords: meta.totalrecords ?? meta.totalcount ?? null,
      isLastPage,
    };
    if (isLastPage) return;
  }
}
