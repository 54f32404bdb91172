import { and, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { memberships, users, workspaces, type Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";

/** The demo accounts; printed by `npm run db:seed` and used by the tests. */
export const DEMO_WORKSPACE = { name: "Demo Recruiting", slug: "demo" };
export const DEMO_USERS: {
  email: string;
  name: string;
  password: string;
  role: Role;
}[] = [
  {
    email: "admin@demo.test",
    name: "Avery Admin",
    password: "relay-demo-admin",
    role: "admin",
  },
  {
    email: "viewer@demo.test",
    name: "Vic Viewer",
    password: "relay-demo-viewer",
    role: "viewer",
  },
];

export async function ensureWorkspace(
  db: Db,
  workspace: { name: string; slug: string },
) {
  await db.insert(workspaces).values(workspace).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(workspaces)
    .where(eq(workspaces.slug, workspace.slug));
  return row!;
}

/** Creates the user if missing, resets the password, and sets the role. */
export async function ensureMember(
  db: Db,
  workspaceId: string,
  member: { email: string; name: string; password: string; role: Role },
) {
  const passwordHash = await hashPassword(member.password);
  const [user] = await db
    .insert(users)
    .values({ email: member.email, name: member.name, passwordHash })
    .onConflictDoUpdate({
      target: users.email,
      set: { passwordHash, name: member.name, updatedAt: new Date() },
    })
    .returning();
  await db
    .insert(memberships)
    .values({ workspaceId, userId: user!.id, role: member.role })
    .onConflictDoNothing();
  await db
    .update(memberships)
    .set({ role: member.role })
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.userId, user!.id),
      ),
    );
  return user!;
}

export async function seedDemo(db: Db) {
  const workspace = await ensureWorkspace(db, DEMO_WORKSPACE);
  for (const member of DEMO_USERS) {
    await ensureMember(db, workspace.id, member);
  }
  return workspace;
}
