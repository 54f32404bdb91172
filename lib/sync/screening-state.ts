import { eq, sql } from "drizzle-orm";

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

type ScreeningUpdate = Partial<
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
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ state: screenings.state })
      .from(screenings)
      .where(eq(screenings.id, screeningId))
      .for("update");
    if (!current || !canMove(current.state, to)) return null;

    await tx
      .update(screenings)
      .set({ ...options.set, state: to, updatedAt: sql`now()` })
      .where(eq(screenings.id, screeningId));
    await tx.insert(screeningEvents).values({
      screeningId,
      fromState: current.state,
      toState: to,
      detail: options.detail ?? null,
    });
    return current.state;
  });
}
