import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { users } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import {
  changeOwnPassword,
  getAccountSummary,
} from "@/lib/actions/services/account";
import { verifyPassword } from "@/lib/auth/password";
import { lockedUntil, throttleKeys } from "@/lib/auth/throttle";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let workspaceId: string;

async function userWithPassword(email: string, password: string) {
  return ensureMember(database.db, workspaceId, {
    email,
    name: email,
    password,
    role: "viewer",
  });
}

async function storedHash(userId: string): Promise<string | null> {
  const [row] = await database.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  return row!.passwordHash;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const workspace = await ensureWorkspace(database.db, {
    name: "account",
    slug: "account",
  });
  workspaceId = workspace.id;
});

afterAll(async () => {
  await database.drop();
});

describe("changeOwnPassword", () => {
  it("replaces the password", async () => {
    const user = await userWithPassword("change@a.test", "old-password-1");
    await changeOwnPassword(database.db, user.id, {
      currentPassword: "old-password-1",
      newPassword: "new-password-12",
      confirmPassword: "new-password-12",
    });
    const hash = await storedHash(user.id);
    expect(await verifyPassword("new-password-12", hash!)).toBe(true);
    expect(await verifyPassword("old-password-1", hash!)).toBe(false);
    expect(hash).not.toContain("new-password-12");
  });

  it("rejects a wrong current password", async () => {
    const user = await userWithPassword("wrong@a.test", "right-password");
    const before = await storedHash(user.id);
    const error = await changeOwnPassword(database.db, user.id, {
      currentPassword: "guessed-password",
      newPassword: "new-password-12",
      confirmPassword: "new-password-12",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).message).toMatch(/current password is wrong/);
    expect((error as ActionError).fieldErrors?.currentPassword?.[0]).toMatch(
      /enter the one you signed in with/,
    );
    expect(await storedHash(user.id)).toBe(before);
  });

  it("rejects a new password under 12 characters", async () => {
    const user = await userWithPassword("short@a.test", "right-password");
    const before = await storedHash(user.id);
    await expect(
      changeOwnPassword(database.db, user.id, {
        currentPassword: "right-password",
        newPassword: "eleven-char",
        confirmPassword: "eleven-char",
      }),
    ).rejects.toThrow(/at least 12 characters/);
    expect(await storedHash(user.id)).toBe(before);
  });

  it("rejects a confirmation that differs", async () => {
    const user = await userWithPassword("confirm@a.test", "right-password");
    const before = await storedHash(user.id);
    await expect(
      changeOwnPassword(database.db, user.id, {
        currentPassword: "right-password",
        newPassword: "new-password-12",
        confirmPassword: "new-password-13",
      }),
    ).rejects.toThrow(/two new passwords differ/);
    expect(await storedHash(user.id)).toBe(before);
  });

  it("rejects reusing the current password", async () => {
    const user = await userWithPassword("reuse@a.test", "right-password");
    await expect(
      changeOwnPassword(database.db, user.id, {
        currentPassword: "right-password",
        newPassword: "right-password",
        confirmPassword: "right-password",
      }),
    ).rejects.toThrow(/pick a different one/);
  });

  it("rejects a user without a password", async () => {
    const user = await userWithPassword("oidc@a.test", "unused-password");
    await database.db
      .update(users)
      .set({ passwordHash: null })
      .where(eq(users.id, user.id));
    expect(await getAccountSummary(database.db, user.id)).toEqual({
      hasPassword: false,
    });
    await expect(
      changeOwnPassword(database.db, user.id, {
        currentPassword: "anything",
        newPassword: "new-password-12",
        confirmPassword: "new-password-12",
      }),
    ).rejects.toThrow(/managed by your identity provider/);
    expect(await storedHash(user.id)).toBeNull();
  });

  it("locks after repeated wrong passwords", async () => {
    const user = await userWithPassword("locked@a.test", "right-password");
    const start = new Date();
    const wrong = {
      currentPassword: "guessed-password",
      newPassword: "new-password-12",
      confirmPassword: "new-password-12",
    };
    // SIGNIN_MAX_FAILURES defaults to 5.
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(
        changeOwnPassword(database.db, user.id, wrong, start),
      ).rejects.toThrow(/current password is wrong/);
    }
    const keys = throttleKeys("locked@a.test", undefined);
    expect(await lockedUntil(database.db, keys, start)).toBeDefined();

    const right = { ...wrong, currentPassword: "right-password" };
    await expect(
      changeOwnPassword(database.db, user.id, right, start),
    ).rejects.toThrow(/try again in 15 minutes/);
    expect(
      await verifyPassword("right-password", (await storedHash(user.id))!),
    ).toBe(true);

    const later = new Date(start.getTime() + 16 * 60_000);
    await changeOwnPassword(database.db, user.id, right, later);
    expect(await lockedUntil(database.db, keys, later)).toBeUndefined();
  });
});

describe("getAccountSummary", () => {
  it("reports a password user", async () => {
    const user = await userWithPassword("summary@a.test", "right-password");
    expect(await getAccountSummary(database.db, user.id)).toEqual({
      hasPassword: true,
    });
  });
});
