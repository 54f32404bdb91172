import { and, desc, eq, inArray } from "drizzle-orm";

import type { Db } from "@/db";
import { backfills, type Backfill, type TrackerConnection } from "@/db/schema";
import { getLogger } from "@/lib/logger";
import {
  backfillIdSchema,
  backfillSchema,
  type BackfillInput,
} from "@/lib/validations/backfill";

import { ActionError } from "../action-error";
import { assertRole, type Actor } from "./actor";
import { AGENT_EDITOR_ROLE } from "./agents";
import { backfillRule, matchBackfill, todayIn } from "./backfill-criteria";
import { isUniqueViolation } from "./database-errors";
import { requireMapping } from "./job-mappings";
import { requireLiveConnection } from "./live-connection";
import { crawlAllPlacements, fetchStages } from "./tracker-gateway";

const log = getLogger("backfills");

export type BackfillPreview = {
  /** Candidates the backfill would bring in. */
  count: number;
  /** Rows of the job left out because Tracker gave no creation time. */
  undated: number;
  /** Placement rows read across all jobs. */
  scanned: number;
  upToDate: string | null;
  stageFilterId: number | null;
  timeZone: string;
};

/** The browser's view of a backfill, polled by the progress bar. */
export type BackfillView = {
  id: string;
  mappingId: string;
  status: Backfill["status"];
  upToDate: string | null;
  stageFilterName: string | null;
  total: number;
  processed: number;
  failed: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export function toBackfillView(row: Backfill): BackfillView {
  return {
    id: row.id,
    mappingId: row.mappingId,
    status: row.status,
    upToDate: row.upToDate,
    stageFilterName: row.stageFilterName,
    total: row.total,
    processed: row.processed,
    failed: row.failed,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function resolveCriteria(db: Db, actor: Actor, input: BackfillInput) {
  const values = backfillSchema.parse(input);
  const mapping = await requireMapping(db, actor.workspaceId, values.mappingId);
  const connection = await requireLiveConnection(db, actor.workspaceId);
  const upToDate = values.upToDate === "" ? null : values.upToDate;
  const today = todayIn(connection.timeZone);
  if (upToDate !== null && upToDate > today) {
    throw new ActionError("The date is in the future.", {
      upToDate: [
        `${upToDate} is after today (${today} in ${connection.timeZone}); ` +
          "pick today or an earlier day, or leave it blank.",
      ],
    });
  }

  let stageFilterName: string | null = null;
  const stageFilterId =
    values.stageFilterId === "" ? null : Number(values.stageFilterId);
  if (stageFilterId !== null) {
    const stages = await fetchStages(db, connection);
    const stage = stages.find((each) => each.id === stageFilterId);
    if (!stage) {
      throw new ActionError("The stage was not found in Tracker.", {
        stageFilterId: [
          `Stage ${stageFilterId} no longer exists in your Tracker ` +
            "database; reload the page and pick a stage from the list.",
        ],
      });
    }
    stageFilterName = stage.name;
  }

  const criteria = {
    upToDate,
    stageFilterId,
    timeZone: connection.timeZone,
    rule: backfillRule({
      trackerJobId: mapping.trackerJobId,
      stageFilterId,
      upToDate,
      mappedAt: mapping.createdAt,
      timeZone: connection.timeZone,
    }),
  };
  return { mapping, connection, criteria, stageFilterName };
}

async function countPlacements(
  db: Db,
  connection: TrackerConnection,
  criteria: Awaited<ReturnType<typeof resolveCriteria>>["criteria"],
): Promise<BackfillPreview> {
  let count = 0;
  let undated = 0;
  let scanned = 0;
  for await (const row of crawlAllPlacements(db, connection)) {
    scanned += 1;
    const verdict = matchBackfill(row, criteria.rule);
    if (verdict.kind === "match") count += 1;
    if (verdict.kind === "unknown_date") undated += 1;
  }
  return {
    count,
    undated,
    scanned,
    upToDate: criteria.upToDate,
    stageFilterId: criteria.stageFilterId,
    timeZone: criteria.timeZone,
  };
}

/**
 * Counts the candidates a backfill would bring in, without starting it.
 * It reads every placement page, because Tracker ignores search filters.
 * NOTE: a large database costs one request per 10 placements, so at
 * Tracker's limit of about 100 requests a minute the preview can take
 * minutes there.
 */
export async function previewBackfill(
  db: Db,
  actor: Actor,
  input: BackfillInput,
): Promise<BackfillPreview> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const { mapping, connection, criteria } = await resolveCriteria(
    db,
    actor,
    input,
  );
  const preview = await countPlacements(db, connection, criteria);
  log.info(
    {
      workspaceId: actor.workspaceId,
      mappingId: mapping.id,
      count: preview.count,
      scanned: preview.scanned,
    },
    "backfill previewed",
  );
  return preview;
}

function alreadyOpen(): ActionError {
  return new ActionError(
    "A backfill for this job mapping is already queued or running; wait " +
      "for it to finish or cancel it before starting another.",
  );
}

/**
 * Counts like previewBackfill, then queues the backfill with that total.
 * The sync engine picks queued rows up and fills in the progress.
 */
export async function startBackfill(
  db: Db,
  actor: Actor,
  input: BackfillInput,
): Promise<BackfillView> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const { mapping, connection, criteria, stageFilterName } =
    await resolveCriteria(db, actor, input);
  const [open] = await db
    .select({ id: backfills.id })
    .from(backfills)
    .where(
      and(
        eq(backfills.mappingId, mapping.id),
        inArray(backfills.status, ["queued", "running"]),
      ),
    );
  if (open) throw alreadyOpen();

  const preview = await countPlacements(db, connection, criteria);
  try {
    const [row] = await db
      .insert(backfills)
      .values({
        workspaceId: actor.workspaceId,
        mappingId: mapping.id,
        upToDate: preview.upToDate,
        stageFilterId: preview.stageFilterId,
        stageFilterName,
        total: preview.count,
        requestedBy: actor.userId,
      })
      .returning();
    log.info(
      {
        workspaceId: actor.workspaceId,
        mappingId: mapping.id,
        backfillId: row!.id,
        total: preview.count,
      },
      "backfill queued",
    );
    return toBackfillView(row!);
  } catch (error) {
    if (isUniqueViolation(error, "backfills_one_open_per_mapping_key")) {
      throw alreadyOpen();
    }
    throw error;
  }
}

/** Returns the backfill if it belongs to the workspace, for polling. */
export async function getBackfill(
  db: Db,
  workspaceId: string,
  backfillId: string,
): Promise<BackfillView> {
  const [row] = await db
    .select()
    .from(backfills)
    .where(
      and(eq(backfills.id, backfillId), eq(backfills.workspaceId, workspaceId)),
    );
  if (!row) {
    throw new ActionError(
      "This backfill was not found in your workspace; reload the page.",
    );
  }
  return toBackfillView(row);
}

export async function readBackfill(
  db: Db,
  actor: Actor,
  input: { backfillId: string },
): Promise<BackfillView> {
  const { backfillId } = backfillIdSchema.parse(input);
  return getBackfill(db, actor.workspaceId, backfillId);
}

/** Latest backfill of each given mapping, for the page's first render. */
export async function latestBackfills(
  db: Db,
  workspaceId: string,
  mappingIds: string[],
): Promise<Map<string, BackfillView>> {
  const latest = new Map<string, BackfillView>();
  if (mappingIds.length === 0) return latest;
  const rows = await db
    .select()
    .from(backfills)
    .where(
      and(
        eq(backfills.workspaceId, workspaceId),
        inArray(backfills.mappingId, mappingIds),
      ),
    )
    .orderBy(desc(backfills.createdAt));
  for (const row of rows) {
    if (!latest.has(row.mappingId))
      latest.set(row.mappingId, toBackfillView(row));
  }
  return latest;
}

/** Cancels a queued or running backfill; a finished one is left as it is. */
export async function cancelBackfill(
  db: Db,
  actor: Actor,
  input: { backfillId: string },
): Promise<BackfillView> {
  assertRole(actor, AGENT_EDITOR_ROLE);
  const { backfillId } = backfillIdSchema.parse(input);
  const [row] = await db
    .update(backfills)
    .set({
      status: "cancelled",
      error: "Cancelled by a user.",
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(backfills.id, backfillId),
        eq(backfills.workspaceId, actor.workspaceId),
        inArray(backfills.status, ["queued", "running"]),
      ),
    )
    .returning();
  if (row) {
    log.info(
      { workspaceId: actor.workspaceId, backfillId },
      "backfill cancelled",
    );
    return toBackfillView(row);
  }
  return getBackfill(db, actor.workspaceId, backfillId);
}
