import type { Role } from "@/db/schema";

import { ActionError } from "../action-error";

/**
 * The signed-in user a service function acts for. Every query of a service
 * is scoped by workspaceId, and every write checks the role again, so a
 * caller that skips the action wrapper cannot widen access.
 */
export type Actor = { userId: string; workspaceId: string; role: Role };

// Same order as hasRole in lib/auth/session.ts, which cannot be imported
// here because it loads Auth.js and the request cookies.
const ROLE_RANK: Record<Role, number> = { viewer: 0, recruiter: 1, admin: 2 };

export function assertRole(actor: Actor, required: Role): void {
  if (ROLE_RANK[actor.role] < ROLE_RANK[required]) {
    throw new ActionError(
      `Only a workspace ${required} can do this; your role is ${actor.role}.`,
    );
  }
}
