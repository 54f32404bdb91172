import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { memberships, users, type Role } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import type { Actor } from "@/lib/actions/services/actor";
import {
  addMember,
  changeMemberRole,
  generateInitialPassword,
  listMembers,
  removeMember,
  type Member,
} from "@/lib/actions/services/members";
import { verifyPassword } from "@/lib/auth/password";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let admin: Actor;
let recruiter: Actor;
let viewer: Actor;
let otherAdmin: Actor;

async function actorFor(
  slug: string,
  email: string,
  role: Role,
): Promise<Actor> {
  const workspace = await ensureWorkspace(database.db, { name: slug, slug });
  const user = await ensureMember(database.db, workspace.id, {
    email,
    name: email,
    password: "pw",
    role,
  });
  return { userId: user.id, workspaceId: workspace.id, role };
}

async function memberByEmail(
  workspaceId: string,
  email: string,
): Promise<Member | undefined> {
  const members = await listMembers(database.db, workspaceId);
  return members.find((member) => member.email === email);
}

async function membershipCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(memberships);
  return row!.n;
}

async function caught(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await actorFor("members-a", "admin@a.test", "admin");
  recruiter = await actorFor("members-a", "recruiter@a.test", "recruiter");
  viewer = await actorFor("members-a", "viewer@a.test", "viewer");
  otherAdmin = await actorFor("members-b", "admin@b.test", "admin");
});

afterAll(async () => {
  await database.drop();
});

describe("generateInitialPassword", () => {
  it("returns 20 unambiguous characters", () => {
    const password = generateInitialPassword();
    expect(password).toHaveLength(20);
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]+$/);
  });

  it("differs on each call", () => {
    const passwords = new Set(
      Array.from({ length: 50 }, () => generateInitialPassword()),
    );
    expect(passwords.size).toBe(50);
  });
});

describe("listMembers", () => {
  it("lists only the workspace's members", async () => {
    const members = await listMembers(database.db, admin.workspaceId);
    expect(members.map((member) => member.email)).toEqual([
      "admin@a.test",
      "recruiter@a.test",
      "viewer@a.test",
    ]);
    expect(members[0]?.role).toBe("admin");
    expect(members[0]?.addedAt).toBeInstanceOf(Date);
  });
});

describe("addMember", () => {
  it("creates a user with a one-time password", async () => {
    const added = await addMember(database.db, admin, {
      email: "  Sam.Lee@Example.TEST ",
      name: " Sam Lee ",
      role: "recruiter",
    });
    expect(added.member.email).toBe("sam.lee@example.test");
    expect(added.member.name).toBe("Sam Lee");
    expect(added.member.role).toBe("recruiter");
    expect(added.initialPassword).not.toBeNull();
    expect(added.initialPassword!.length).toBeGreaterThanOrEqual(16);

    const [user] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, "sam.lee@example.test"));
    expect(user!.passwordHash).not.toContain(added.initialPassword!);
    expect(user!.passwordHash!.startsWith("scrypt$")).toBe(true);
    expect(
      await verifyPassword(added.initialPassword!, user!.passwordHash!),
    ).toBe(true);
  });

  it("adds an existing user without a password", async () => {
    const [before] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, "admin@a.test"));

    const added = await addMember(database.db, otherAdmin, {
      email: "ADMIN@a.test",
      name: "Another Name",
      role: "viewer",
    });
    expect(added.initialPassword).toBeNull();
    expect(added.member.userId).toBe(admin.userId);
    expect(added.member.role).toBe("viewer");

    const [after] = await database.db
      .select()
      .from(users)
      .where(eq(users.id, admin.userId));
    expect(after!.name).toBe(before!.name);
    expect(after!.passwordHash).toBe(before!.passwordHash);
    // The user keeps their own workspace and role.
    const own = await memberByEmail(admin.workspaceId, "admin@a.test");
    expect(own?.role).toBe("admin");
  });

  it("rejects a duplicate membership", async () => {
    const before = await membershipCount();
    const error = await caught(
      addMember(database.db, admin, {
        email: "Recruiter@A.test",
        name: "Rae",
        role: "admin",
      }),
    );
    expect(error.message).toMatch(/recruiter@a\.test is already a member/);
    expect(error.fieldErrors?.email?.[0]).toMatch(
      /Recruiter role; change their role/,
    );
    expect(await membershipCount()).toBe(before);
    const unchanged = await memberByEmail(
      admin.workspaceId,
      "recruiter@a.test",
    );
    expect(unchanged?.role).toBe("recruiter");
  });

  it("rejects an invalid email", async () => {
    const before = await membershipCount();
    await expect(
      addMember(database.db, admin, {
        email: "not-an-email",
        name: "Nobody",
        role: "viewer",
      }),
    ).rejects.toThrow(/full email address/);
    expect(await membershipCount()).toBe(before);
  });

  it("rejects a recruiter and a viewer", async () => {
    for (const actor of [recruiter, viewer]) {
      await expect(
        addMember(database.db, actor, {
          email: `made-by-${actor.role}@a.test`,
          name: "Made",
          role: "admin",
        }),
      ).rejects.toThrow(`your role is ${actor.role}`);
      const [user] = await database.db
        .select()
        .from(users)
        .where(eq(users.email, `made-by-${actor.role}@a.test`));
      expect(user).toBeUndefined();
    }
  });

  it("rejects an admin demoted since sign-in", async () => {
    // The session still has the admin role; the membership row has viewer.
    const stale: Actor = { ...viewer, role: "admin" };
    const before = await membershipCount();
    await expect(
      addMember(database.db, stale, {
        email: "stale@a.test",
        name: "Stale",
        role: "viewer",
      }),
    ).rejects.toThrow(/your role is viewer/);
    expect(await membershipCount()).toBe(before);
  });
});

describe("changeMemberRole", () => {
  it("changes a member's role", async () => {
    const sam = await memberByEmail(admin.workspaceId, "sam.lee@example.test");
    const changed = await changeMemberRole(database.db, admin, {
      membershipId: sam!.membershipId,
      role: "viewer",
    });
    expect(changed.role).toBe("viewer");
    const stored = await memberByEmail(
      admin.workspaceId,
      "sam.lee@example.test",
    );
    expect(stored?.role).toBe("viewer");
  });

  it("keeps the last admin an admin", async () => {
    const own = await memberByEmail(admin.workspaceId, "admin@a.test");
    const error = await caught(
      changeMemberRole(database.db, admin, {
        membershipId: own!.membershipId,
        role: "recruiter",
      }),
    );
    expect(error.message).toMatch(/only admin of this workspace/);
    expect(error.message).toMatch(/Make another member an admin first/);
    const unchanged = await memberByEmail(admin.workspaceId, "admin@a.test");
    expect(unchanged?.role).toBe("admin");
  });

  it("demotes an admin when another remains", async () => {
    const sam = await memberByEmail(admin.workspaceId, "sam.lee@example.test");
    await changeMemberRole(database.db, admin, {
      membershipId: sam!.membershipId,
      role: "admin",
    });
    const own = await memberByEmail(admin.workspaceId, "admin@a.test");
    await changeMemberRole(database.db, admin, {
      membershipId: own!.membershipId,
      role: "recruiter",
    });
    const samAdmin: Actor = {
      userId: sam!.userId,
      workspaceId: admin.workspaceId,
      role: "admin",
    };
    await changeMemberRole(database.db, samAdmin, {
      membershipId: own!.membershipId,
      role: "admin",
    });
    const restored = await memberByEmail(admin.workspaceId, "admin@a.test");
    expect(restored?.role).toBe("admin");
  });

  it("rejects a recruiter and a viewer", async () => {
    const target = await memberByEmail(admin.workspaceId, "viewer@a.test");
    for (const actor of [recruiter, viewer]) {
      await expect(
        changeMemberRole(database.db, actor, {
          membershipId: target!.membershipId,
          role: "admin",
        }),
      ).rejects.toThrow(`your role is ${actor.role}`);
    }
    const unchanged = await memberByEmail(admin.workspaceId, "viewer@a.test");
    expect(unchanged?.role).toBe("viewer");
  });

  it("treats another workspace's member as not found", async () => {
    const theirs = await memberByEmail(otherAdmin.workspaceId, "admin@b.test");
    const error = await caught(
      changeMemberRole(database.db, admin, {
        membershipId: theirs!.membershipId,
        role: "viewer",
      }),
    );
    expect(error.message).toMatch(/not found in your workspace/);
    const unchanged = await memberByEmail(
      otherAdmin.workspaceId,
      "admin@b.test",
    );
    expect(unchanged?.role).toBe("admin");
  });

  it("treats an unknown id as not found", async () => {
    await expect(
      changeMemberRole(database.db, admin, {
        membershipId: "00000000-0000-4000-8000-000000000000",
        role: "viewer",
      }),
    ).rejects.toThrow(/not found in your workspace/);
  });

  it("keeps one admin when two demote each other", async () => {
    const workspace = await ensureWorkspace(database.db, {
      name: "race",
      slug: "members-race",
    });
    const first = await actorFor("members-race", "first@race.test", "admin");
    const second = await actorFor("members-race", "second@race.test", "admin");
    const firstRow = await memberByEmail(workspace.id, "first@race.test");
    const secondRow = await memberByEmail(workspace.id, "second@race.test");

    const results = await Promise.allSettled([
      changeMemberRole(database.db, first, {
        membershipId: secondRow!.membershipId,
        role: "viewer",
      }),
      changeMemberRole(database.db, second, {
        membershipId: firstRow!.membershipId,
        role: "viewer",
      }),
    ]);
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    expect(fulfilled).toHaveLength(1);

    const [admins] = await database.db
      .select({ n: count() })
      .from(memberships)
      .where(
        and(
          eq(memberships.workspaceId, workspace.id),
          eq(memberships.role, "admin"),
        ),
      );
    expect(admins!.n).toBe(1);
  });
});

describe("removeMember", () => {
  it("removes a member and keeps the user", async () => {
    const sam = await memberByEmail(admin.workspaceId, "sam.lee@example.test");
    const removed = await removeMember(database.db, admin, {
      membershipId: sam!.membershipId,
    });
    expect(removed.email).toBe("sam.lee@example.test");
    expect(
      await memberByEmail(admin.workspaceId, "sam.lee@example.test"),
    ).toBeUndefined();
    const [user] = await database.db
      .select()
      .from(users)
      .where(eq(users.id, sam!.userId));
    expect(user).toBeDefined();
  });

  it("rejects removing yourself", async () => {
    const own = await memberByEmail(admin.workspaceId, "admin@a.test");
    const error = await caught(
      removeMember(database.db, admin, { membershipId: own!.membershipId }),
    );
    expect(error.message).toMatch(/cannot remove yourself/);
    expect(error.message).toMatch(/ask another admin to remove you/);
    expect(
      await memberByEmail(admin.workspaceId, "admin@a.test"),
    ).toBeDefined();
  });

  it("keeps the last admin from a stale admin", async () => {
    // Only a second admin could remove the last one, so such an actor is a
    // former admin whose session still has the admin role.
    const stale: Actor = { ...recruiter, role: "admin" };
    const own = await memberByEmail(admin.workspaceId, "admin@a.test");
    await expect(
      removeMember(database.db, stale, { membershipId: own!.membershipId }),
    ).rejects.toThrow(/your role is recruiter/);
    expect(
      await memberByEmail(admin.workspaceId, "admin@a.test"),
    ).toBeDefined();
  });

  it("rejects a recruiter and a viewer", async () => {
    const target = await memberByEmail(admin.workspaceId, "viewer@a.test");
    for (const actor of [recruiter, viewer]) {
      await expect(
        removeMember(database.db, actor, {
          membershipId: target!.membershipId,
        }),
      ).rejects.toThrow(`your role is ${actor.role}`);
    }
    expect(
      await memberByEmail(admin.workspaceId, "viewer@a.test"),
    ).toBeDefined();
  });

  it("treats another workspace's member as not found", async () => {
    const theirs = await memberByEmail(otherAdmin.workspaceId, "admin@b.test");
    await expect(
      removeMember(database.db, admin, { membershipId: theirs!.membershipId }),
    ).rejects.toThrow(/not found in your workspace/);
    expect(
      await memberByEmail(otherAdmin.workspaceId, "admin@b.test"),
    ).toBeDefined();
  });
});
