import { randomInt } from "node:crypto";

import { and, asc, count, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { memberships, users, workspaces, type Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { getLogger } from "@/lib/logger";
import {
  addMemberSchema,
  changeMemberRoleSchema,
  removeMemberSchema,
  ROLE_LABELS,
  type AddMemberInput,
  type ChangeMemberRoleInput,
  type RemoveMemberInput,
} from "@/lib/validations/member";

import { ActionError } from "../action-error";
import { assertRole, type Actor } from "./actor";
import { isUniqueViolation } from "./database-errors";

const log = getLogger("members");

/** Role needed to add members, change their roles or remove them. */
export const MEMBER_ADMIN_ROLE = "admin" as const;

export type Member = {
  membershipId: string;
  userId: string;
  name: string | null;
  email: string;
  role: Role;
  addedAt: Date;
};

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const memberColumns = {
  membershipId: memberships.id,
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  addedAt: memberships.createdAt,
};

/** Lists the workspace's members, oldest membership first. */
export async function listMembers(
  db: Db,
  workspaceId: string,
): Promise<Member[]> {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

// Letters and digits without the look-alikes 0, O, 1, l and I, because the
// admin may read the password out or copy it by hand.
const PASSWORD_ALPHABET =
  "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
// 20 characters from 57 symbols: about 116 bits of entropy.
const GENERATED_PASSWORD_LENGTH = 20;

/** Generates an initial password from the operating system's CSPRNG. */
export function generateInitialPassword(): string {
  let password = "";
  for (let i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
    password += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  }
  return password;
}

function memberLabel(member: Pick<Member, "name" | "email">): string {
  return member.name ? `${member.name} (${member.email})` : member.email;
}

/**
 * Locks the workspace row until the transaction ends, so member changes of
 * one workspace run one at a time and the admin count read by a guard
 * stays true until the change commits. NO KEY UPDATE leaves inserts of rows
 * that reference the workspace unblocked.
 */
async function lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
  await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("no key update");
}

/**
 * Re-reads the actor's role under the workspace lock, because the role in
 * the session was read before another admin's change may have committed.
 */
async function assertStillAdmin(tx: Tx, actor: Actor): Promise<void> {
  const [own] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, actor.workspaceId),
        eq(memberships.userId, actor.userId),
      ),
    );
  assertRole({ ...actor, role: own?.role ?? "viewer" }, MEMBER_ADMIN_ROLE);
}

async function requireMember(
  tx: Tx,
  workspaceId: string,
  membershipId: string,
): Promise<Member> {
  const [member] = await tx
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.id, membershipId),
        eq(memberships.workspaceId, workspaceId),
      ),
    );
  if (!member) {
    throw new ActionError(
      "This member was not found in your workspace; they may have been " +
        "removed already. Reload the page to see the current members.",
    );
  }
  return member;
}

/**
 * Locks the workspace, checks that the actor is still an admin and reads
 * the member to change, in that order, at the start of a member change.
 */
async function lockTargetMember(
  tx: Tx,
  actor: Actor,
  membershipId: string,
): Promise<Member> {
  await lockWorkspace(tx, actor.workspaceId);
  await assertStillAdmin(tx, actor);
  return requireMember(tx, actor.workspaceId, membershipId);
}

/** Returns true when the member is the last admin of the workspace. */
async function isOnlyAdmin(
  tx: Tx,
  workspaceId: string,
  member: Member,
): Promise<boolean> {
  if (member.role !== "admin") return false;
  return (await countAdmins(tx, workspaceId)) === 1;
}

async function countAdmins(tx: Tx, workspaceId: string): Promise<number> {
  const [row] = await tx
    .select({ admins: count() })
    .from(memberships)
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.role, "admin"),
      ),
    );
  return row?.admins ?? 0;
}

function alreadyMember(email: string, role: Role): ActionError {
  return new ActionError(`${email} is already a member of this workspace.`, {
    email: [
      `${email} is already a member with the ${ROLE_LABELS[role]} role; ` +
        "change their role in the members list instead.",
    ],
  });
}

export type AddedMember = {
  member: Member;
  /**
   * The generated password of a user created by this call, for the admin
   * to pass on; null when the user existed. Only its hash is stored.
   */
  initialPassword: string | null;
};

/**
 * Adds a member to the actor's workspace. An email that no user has yet
 * gets a new user with a generated password. An existing user keeps their
 * name and password and only gains the membership.
 *
 * NOTE: getViewer opens a user's oldest membership and there is no
 * workspace switcher, so an existing user added here still sees only
 * their first workspace after signing in.
 */
export async function addMember(
  db: Db,
  actor: Actor,
  input: AddMemberInput,
): Promise<AddedMember> {
  assertRole(actor, MEMBER_ADMIN_ROLE);
  const values = addMemberSchema.parse(input);

  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, values.email));
  // Hashing takes tens of milliseconds, so it runs before the transaction
  // takes the workspace lock.
  let initialPassword = existing ? null : generateInitialPassword();
  const passwordHash = initialPassword
    ? await hashPassword(initialPassword)
    : null;

  try {
    const member = await db.transaction(async (tx) => {
      await lockWorkspace(tx, actor.workspaceId);
      await assertStillAdmin(tx, actor);

      let userId = existing?.id;
      if (!userId) {
        const [created] = await tx
          .insert(users)
          .values({ email: values.email, name: values.name, passwordHash })
          .onConflictDoNothing({ target: users.email })
          .returning({ id: users.id });
        userId = created?.id;
      }
      if (!userId) {
        // Another request created the user after the lookup above; it is
        // now an existing user, whose password this call must not show.
        initialPassword = null;
        const [raced] = await tx
          .select({ id: users.id })
          .from(users)
          .where(eq(users.email, values.email));
        userId = raced!.id;
      }

      const [current] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(
          and(
            eq(memberships.workspaceId, actor.workspaceId),
            eq(memberships.userId, userId),
          ),
        );
      if (current) throw alreadyMember(values.email, current.role);

      const [membership] = await tx
        .insert(memberships)
        .values({
          workspaceId: actor.workspaceId,
          userId,
          role: values.role,
        })
        .returning({ id: memberships.id });
      return requireMember(tx, actor.workspaceId, membership!.id);
    });

    log.info(
      {
        workspaceId: actor.workspaceId,
        userId: actor.userId,
        memberUserId: member.userId,
        role: member.role,
        createdUser: initialPassword !== null,
      },
      "member added",
    );
    return { member, initialPassword };
  } catch (error) {
    if (isUniqueViolation(error, "memberships_workspace_user_key")) {
      throw alreadyMember(values.email, values.role);
    }
    throw error;
  }
}

/** Changes a member's role; the workspace always keeps one admin. */
export async function changeMemberRole(
  db: Db,
  actor: Actor,
  input: ChangeMemberRoleInput,
): Promise<Member> {
  assertRole(actor, MEMBER_ADMIN_ROLE);
  const values = changeMemberRoleSchema.parse(input);

  const member = await db.transaction(async (tx) => {
    const target = await lockTargetMember(tx, actor, values.membershipId);
    if (target.role === values.role) return target;

    if (await isOnlyAdmin(tx, actor.workspaceId, target)) {
      throw new ActionError(
        `${memberLabel(target)} is the only admin of this workspace, so their ` +
          "role stays Admin. Make another member an admin first, then " +
          "change this role.",
      );
    }

    await tx
      .update(memberships)
      .set({ role: values.role })
      .where(
        and(
          eq(memberships.id, target.membershipId),
          eq(memberships.workspaceId, actor.workspaceId),
        ),
      );
    return { ...target, role: values.role };
  });

  log.info(
    {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      membershipId: member.membershipId,
      role: member.role,
    },
    "member role changed",
  );
  return member;
}

/**
 * Removes a membership. The user row stays, because other workspaces and
 * past records may still refer to it. When this was the user's only
 * membership, their session stays valid but every app page sends them to
 * /no-workspace.
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  input: RemoveMemberInput,
): Promise<Member> {
  assertRole(actor, MEMBER_ADMIN_ROLE);
  const values = removeMemberSchema.parse(input);

  const member = await db.transaction(async (tx) => {
    const target = await lockTargetMember(tx, actor, values.membershipId);

    if (target.userId === actor.userId) {
      throw new ActionError(
        "You cannot remove yourself from the workspace. To leave it, ask " +
          "another admin to remove you; if you are the only admin, make " +
          "another member an admin first.",
      );
    }
    // The checks above make the actor an admin other than the target, so
    // this check cannot fail after them. It keeps the rule if they change.
    if (await isOnlyAdmin(tx, actor.workspaceId, target)) {
      throw new ActionError(
        `${memberLabel(target)} is the only admin of this workspace and cannot ` +
          "be removed. Make another member an admin first.",
      );
    }

    await tx
      .delete(memberships)
      .where(
        and(
          eq(memberships.id, target.membershipId),
          eq(memberships.workspaceId, actor.workspaceId),
        ),
      );
    return target;
  });

  log.info(
    {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      membershipId: member.membershipId,
      memberUserId: member.userId,
    },
    "member removed",
  );
  return member;
}
