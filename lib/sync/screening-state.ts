import { inArray, sql } from "drizzle-orm";

import {
  screeningEvents,
  screenings,
  type Screening,
  type ScreeningState,
} from "@/db/schema";

import type { DbOrTx } from "./db-types";

/**
 * Moves a screening's state forward and records the change. A state only
 * ever moves to one listed after it here, so a late or repeated message
 * (a retried job, a second handler) can never undo progress.
 */
const ALLOWED_FROM: Record<ScreeningState, readonly ScreeningState[]> = {
  pulled: [],
  invited: ["pulled"],
  in_progress: ["pulled", "invited"],
  completed: ["pulled", "invited", "in_progress"],
  knocked_out: ["pulled", "invited", "in_progress"],
  expired: ["pulled", "invited", "in_progress"],
  failed: ["pulled", "invited", "in_progress"],
  written_back: ["completed", "knocked_out", "expired", "failed"],
};

export const FINAL_STATES: readonly ScreeningState[] = [
  "completed",
  "knocked_out",
  "expired",
  "failed",
];

/** States of a screening that has run to its end and may be repeated. */
export const FINISHED_STATES: readonly ScreeningState[] = [
  ...FINAL_STATES,
  "written_back",
];

export function canMove(from: ScreeningState, to: ScreeningState): boolean {
  return ALLOWED_FROM[to].includes(from);
}

export type ScreeningUpdate = Partial<
  Pick<
    Screening,
    | "score"
    | "summary"
    | "result"
    | "failureReason"
    | "candidateId"
    | "dispatchedAt"
    | "completedAt"
    | "writtenBackAt"
  >
>;

// The SQL type of each column a move may set, for the record set that
// carries a batch of moves into one UPDATE.
const UPDATE_COLUMNS: Record<keyof ScreeningUpdate, string> = {
  score: "real",
  summary: "text",
  result: "jsonb",
  failureReason: "text",
  candidateId: "uuid",
  dispatchedAt: "timestamptz",
  completedAt: "timestamptz",
  writtenBackAt: "timestamptz",
};

export type ScreeningMove = {
  screeningId: string;
  to: ScreeningState;
  detail?: string;
  set?: ScreeningUpdate;
};

/**
 * Moves the screening to `to` when its current state allows it. Returns
 * the previous state, or null when the move was not allowed (the row is
 * then left as it was).
 */
export async function advanceScreening(
  db: DbOrTx,
  screeningId: string,
  to: ScreeningState,
  options: { detail?: string; set?: ScreeningUpdate } = {},
): Promise<ScreeningState | null> {
  const [previous] = await advanceScreenings(db, [
    { screeningId, to, ...options },
  ]);
  return previous ?? null;
}

/**
 * Applies many moves in one transaction, locking the rows in id order.
 * Returns each move's previous state, or null where it was not allowed.
 */
export async function advanceScreenings(
  db: DbOrTx,
  moves: readonly ScreeningMove[],
): Promise<(ScreeningState | null)[]> {
  if (moves.length === 0) return [];
  const ids = moves.map((move) => move.screeningId);
  if (new Set(ids).size !== ids.length) {
    throw new Error("advanceScreenings takes each screening once");
  }
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: screenings.id, state: screenings.state })
      .from(screenings)
      .where(inArray(screenings.id, ids))
      .orderBy(screenings.id)
      .for("update");
    const current = new Map(rows.map((row) => [row.id, row.state]));
    const previous = moves.map((move) => {
      const state = current.get(move.screeningId);
      return state !== undefined && canMove(state, move.to) ? state : null;
    });
    const allowed = moves.filter((_, index) => previous[index] !== null);
    if (allowed.length === 0) return previous;

    // Moves setting different columns would overwrite each other's
    // columns with nulls in one record set, so each set of columns gets
    // its own UPDATE; a batch of one kind of move has one.
    const groups = new Map<string, ScreeningMove[]>();
    for (const move of allowed) {
      const key = Object.keys(move.set ?? {})
        .sort()
        .join(",");
      groups.set(key, [...(groups.get(key) ?? []), move]);
    }
    for (const [key, group] of groups) {
      await updateMoved(tx, key ? (key.split(",") as Columns) : [], group);
    }
    await tx.insert(screeningEvents).values(
      allowed.map((move) => ({
        screeningId: move.screeningId,
        fromState: current.get(move.screeningId)!,
        toState: move.to,
        detail: move.detail ?? null,
      })),
    );
    return previous;
  });
}

type Columns = (keyof ScreeningUpdate)[];

async function updateMoved(
  tx: DbOrTx,
  columns: Columns,
  moves: readonly ScreeningMove[],
) {
  const records = moves.map((move) => {
    const record: Record<string, unknown> = {
      id: move.screeningId,
      to_state: move.to,
    };
    for (const column of columns) {
      const value = move.set?.[column];
      record[screenings[column].name] =
        value instanceof Date ? value.toISOString() : (value ?? null);
    }
    return record;
  });
  const names = columns.map((column) => screenings[column].name);
  const assignments = names.map((name) =>
    sql.raw(`, "${name}" = "v"."${name}"`),
  );
  const shape = sql.raw(
    ["id uuid", "to_state text"]
      .concat(
        columns.map(
          (column, index) => `"${names[index]}" ${UPDATE_COLUMNS[column]}`,
        ),
      )
      .join(", "),
  );
  await tx.execute(sql`
    update ${screenings} set
      "state" = "v"."to_state"::screening_state,
      "updated_at" = now()
      ${sql.join(assignments)}
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as "v"(${shape})
    where ${screenings.id} = "v"."id"`);
}
