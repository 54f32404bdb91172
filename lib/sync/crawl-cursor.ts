import { and, eq, isNull, or, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  crawlCursors,
  jobMappings,
  type CrawlCursor,
  type CrawlMapping,
} from "@/db/schema";

import type { Tx } from "./db-types";

/**
 * The per-connection crawl cursor and its lease. A poll holds the lease
 * while it reads pages. Each page moves next_page with a compare-and-set
 * in the same transaction as the page's rows, so even a poll whose lease
 * expired cannot store a page twice.
 */

// Longer than any single page takes, rate-limit waits included, and
// renewed at every page, so a live poll keeps it. A killed poll blocks its
// connection for at most this long.
export const CRAWL_LEASE_SECONDS = 120;

const leaseExpiry = sql`now() + make_interval(secs => ${CRAWL_LEASE_SECONDS})`;

/**
 * Takes the connection's crawl lease and starts a crawl when none is in
 * progress. Returns the cursor, or null when another poll holds the lease.
 */
export async function acquireCrawlLease(
  db: Db,
  connectionId: string,
  owner: string,
): Promise<CrawlCursor | null> {
  const [cursor] = await db
    .insert(crawlCursors)
    .values({
      connectionId,
      leaseOwner: owner,
      leaseExpiresAt: leaseExpiry,
    })
    .onConflictDoUpdate({
      target: crawlCursors.connectionId,
      set: {
        leaseOwner: owner,
        leaseExpiresAt: leaseExpiry,
        updatedAt: sql`now()`,
      },
      setWhere: or(
        isNull(crawlCursors.leaseExpiresAt),
        sql`${crawlCursors.leaseExpiresAt} < now()`,
        eq(crawlCursors.leaseOwner, owner),
      ),
    })
    .returning();
  if (!cursor) return null;
  if (cursor.crawlStartedAt) return cursor;

  const mappings: CrawlMapping[] = await db
    .select({
      id: jobMappings.id,
      trackerJobId: jobMappings.trackerJobId,
      triggerStatusId: jobMappings.triggerStatusId,
    })
    .from(jobMappings)
    .where(
      and(
        eq(jobMappings.connectionId, connectionId),
        eq(jobMappings.status, "active"),
      ),
    );
  const [started] = await db
    .update(crawlCursors)
    .set({
      crawlStartedAt: sql`now()`,
      crawlMappings: mappings,
      nextPage: 1,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(crawlCursors.connectionId, connectionId),
        eq(crawlCursors.leaseOwner, owner),
      ),
    )
    .returning();
  return started ?? null;
}

export async function releaseCrawlLease(
  db: Db,
  connectionId: string,
  owner: string,
): Promise<void> {
  await db
    .update(crawlCursors)
    .set({ leaseOwner: null, leaseExpiresAt: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(crawlCursors.connectionId, connectionId),
        eq(crawlCursors.leaseOwner, owner),
      ),
    );
}

export class CrawlLeaseLostError extends Error {
  name = "CrawlLeaseLostError";

  constructor(connectionId: string, page: number) {
    super(
      `Crawl of connection ${connectionId} moved past page ${page} in ` +
        "another poll; this poll stops without storing the page",
    );
  }
}

/**
 * Moves the cursor from `page` to the next page inside the page's
 * transaction and renews the lease. Throws CrawlLeaseLostError when the
 * cursor is no longer at `page` or the lease has another owner, which
 * rolls the page back.
 */
export async function advanceCursor(
  tx: Tx,
  connectionId: string,
  owner: string,
  page: number,
): Promise<void> {
  const moved = await tx
    .update(crawlCursors)
    .set({
      nextPage: page + 1,
      leaseExpiresAt: leaseExpiry,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(crawlCursors.connectionId, connectionId),
        eq(crawlCursors.leaseOwner, owner),
        eq(crawlCursors.nextPage, page),
      ),
    )
    .returning({ nextPage: crawlCursors.nextPage });
  if (moved.length === 0) throw new CrawlLeaseLostError(connectionId, page);
}

/**
 * Ends the crawl: resets the cursor for the next one and records the
 * baseline of every active mapping that existed, unchanged, since before
 * the crawl started, because this crawl has seen all of its placements.
 * Returns the ids of mappings whose baseline was recorded.
 */
export async function completeCrawl(
  db: Db,
  connectionId: string,
  owner: string,
  expectedNextPage: number,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [cursor] = await tx
      .select()
      .from(crawlCursors)
      .where(
        and(
          eq(crawlCursors.connectionId, connectionId),
          eq(crawlCursors.leaseOwner, owner),
          eq(crawlCursors.nextPage, expectedNextPage),
        ),
      )
      .for("update");
    if (!cursor?.crawlStartedAt) {
      throw new CrawlLeaseLostError(connectionId, expectedNextPage);
    }

    // Compared by job and stage, not by time: a mapping created or moved
    // to another job or stage after the crawl started missed some pages.
    const eligible = (cursor.crawlMappings ?? []).map((mapping) =>
      and(
        eq(jobMappings.id, mapping.id),
        eq(jobMappings.trackerJobId, mapping.trackerJobId),
        eq(jobMappings.triggerStatusId, mapping.triggerStatusId),
      ),
    );
    const baselined =
      eligible.length === 0
        ? []
        : await tx
            .update(jobMappings)
            .set({ baselineRecordedAt: sql`now()` })
            .where(
              and(
                eq(jobMappings.connectionId, connectionId),
                eq(jobMappings.status, "active"),
                isNull(jobMappings.baselineRecordedAt),
                or(...eligible),
              ),
            )
            .returning({ id: jobMappings.id });

    await tx
      .update(crawlCursors)
      .set({
        nextPage: 1,
        crawlStartedAt: null,
        crawlMappings: null,
        lastCompletedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(crawlCursors.connectionId, connectionId));
    return baselined.map((row) => row.id);
  });
}
