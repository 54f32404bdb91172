import "server-only";

import { and, asc, eq } from "drizzle-orm";
import { redirect } from "next/navigation";

import { getDb } from "@/db";
import { memberships, users, workspaces, type Role } from "@/db/schema";
import { auth } from "@/lib/auth";

const RANK: Record<Role, number> = { viewer: 0, recruiter: 1, admin: 2 };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export type Viewer = {
  userId: string;
  email: string;
  name: string | null;
  workspaceId: string;
  workspaceName: string;
  role: Role;
};

/**
 * Loads the signed-in user with their workspace and role from the database
 * on every call, so a role change takes effect on the next request.
 */
export async function getViewer(): Promise<Viewer | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;

  const db = await getDb();
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * For pages: sends a signed-out user to sign-in, a signed-in user with no
 * workspace to /no-workspace, and a lesser role away.
 */
export async function requirePageRole(role: Role = "viewer"): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) {
    // The sign-in page sends a signed-in user back here, so a session
    // without a membership (a removed member, a new OIDC user) would loop.
    const session = await auth();
    redirect(session?.user ? "/no-workspace" : "/sign-in");
  }
  if (!hasRole(viewer.role, role)) redirect(`/forbidden?needs=${role}`);
  return viewer;
}
