import { and, eq, inArray, sql } from "drizzle-orm";

import { crawlCursors, screenings, writeBacks } from "@/db/schema";
import { intakeScreenings } from "@/lib/sync/intake";
import { CANDIDATE_BATCH_SIZE } from "@/lib/sync/job-handlers";
import { pollConnection } from "@/lib/sync/poll-connection";
import { DEADLINE_GRACE_MS } from "@/lib/sync/tracker-client";
import { writeBackScreenings } from "@/lib/sync/write-back";

import type { Kill } from "./fault-schedule";
import type { FaultWorld } from "./fault-world";

/**
 * The sync work a fault run drives, as the cron's queues would, and the
 * test hooks its drain uses: kill options, intake and write-back of every
 * open item, retry times brought forward, and a crawl from page 1.
 */

export type KillOptions = { signal?: AbortSignal; deadline?: number };

export function killOptions(kill: Kill): KillOptions {
  if (kill.kind === "none") return {};
  if (kill.kind === "deadline") {
    // In-flight requests are cut DEADLINE_GRACE_MS after the deadline, so
    // a deadline that far in the past cuts them after `afterMs`.
    return { deadline: Date.now() - DEADLINE_GRACE_MS + kill.afterMs };
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(), kill.afterMs).unref();
  return { signal: controller.signal };
}

function isOver(options: KillOptions): boolean {
  if (options.signal?.aborted) return true;
  return options.deadline !== undefined && Date.now() >= options.deadline;
}

export async function pulledScreeningIds(world: FaultWorld): Promise<string[]> {
  const rows = await world.database.db
    .select({ id: screenings.id })
    .from(screenings)
    .where(
      and(
        eq(screenings.mappingId, world.mapping.id),
        eq(screenings.state, "pulled"),
      ),
    );
  return rows.map((row) => row.id);
}

export async function openWriteBackIds(world: FaultWorld): Promise<string[]> {
  const rows = await world.database.db
    .select({ id: writeBacks.screeningId })
    .from(writeBacks)
    .where(
      and(
        eq(writeBacks.connectionId, world.connectionId),
        inArray(writeBacks.status, ["pending", "running"]),
      ),
    );
  return rows.map((row) => row.id);
}

// Items go in batches of the queue handlers' size, so a kill can land in
// the middle of a batch. The first item of a batch starts even past the
// deadline, so a deadline kill cuts at least one item part way.
export async function intakeAll(world: FaultWorld, options: KillOptions = {}) {
  for (const batch of batches(await pulledScreeningIds(world))) {
    await intakeScreenings(batch, options);
    if (isOver(options)) return;
  }
}

export async function writeBackAll(
  world: FaultWorld,
  options: KillOptions = {},
) {
  for (const batch of batches(await openWriteBackIds(world))) {
    await writeBackScreenings(batch, options);
    if (isOver(options)) return;
  }
}

function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let start = 0; start < ids.length; start += CANDIDATE_BATCH_SIZE) {
    out.push(ids.slice(start, start + CANDIDATE_BATCH_SIZE));
  }
  return out;
}

/**
 * Brings every retry time and lease forward, as if the hours of backoff
 * had passed. Nothing else runs during a drain, so no live
 * holder loses its lease.
 */
export async function makeEverythingDue(world: FaultWorld) {
  const { db } = world.database;
  await db
    .update(screenings)
    .set({ intakeLeaseExpiresAt: null })
    .where(eq(screenings.state, "pulled"));
  await db
    .update(writeBacks)
    .set({
      nextAttemptAt: sql`now() - interval '1 second'`,
      leaseExpiresAt: sql`now() - interval '1 second'`,
    })
    .where(inArray(writeBacks.status, ["pending", "running"]));
  await db
    .update(crawlCursors)
    .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
    .where(eq(crawlCursors.connectionId, world.connectionId));
}

async function nextPage(world: FaultWorld): Promise<number> {
  const [cursor] = await world.database.db
    .select({ nextPage: crawlCursors.nextPage })
    .from(crawlCursors)
    .where(eq(crawlCursors.connectionId, world.connectionId));
  return cursor?.nextPage ?? 1;
}

/**
 * Polls until one crawl has run from page 1 to the end. A crawl that a
 * killed poll left part way resumes at its page, so it alone would miss
 * entries on the pages before it. Returns the screenings pulled.
 */
export async function crawlFromFirstPage(world: FaultWorld): Promise<number> {
  let pulled = 0;
  for (let poll = 0; poll < 10; poll++) {
    const fromFirstPage = (await nextPage(world)) === 1;
    const result = await pollConnection(world.connectionId);
    pulled += result.pulledScreeningIds.length;
    if (fromFirstPage && result.crawlCompleted) return pulled;
  }
  throw new Error("no full crawl completed in 10 polls while draining");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
