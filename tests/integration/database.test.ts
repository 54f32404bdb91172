import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { memberships, users, workspaces } from "@/db/schema";
import { ensureMember, ensureWorkspace, seedDemo } from "@/lib/demo/seed";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe("database", () => {
  it("runs on the configured driver", () => {
    const expected = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
    expect(database.kind).toBe(expected);
  });

  it("seeds the demo workspace twice without duplicates", async () => {
    await seedDemo(database.db);
    await seedDemo(database.db);
    const rows = await database.db.select().from(workspaces);
    expect(rows.filter((row) => row.slug === "demo")).toHaveLength(1);
    const members = await database.db.select().from(memberships);
    expect(members).toHaveLength(2);
  });

  it("rejects a second membership of one user", async () => {
    const workspace = await ensureWorkspace(database.db, {
      name: "Second",
      slug: "second",
    });
    const user = await ensureMember(database.db, workspace.id, {
      email: "someone@second.test",
      name: "Someone",
      password: "pw-one",
      role: "viewer",
    });
    await expect(
      database.db
        .insert(memberships)
        .values({ workspaceId: workspace.id, userId: user.id, role: "admin" }),
    ).rejects.toThrow();
  });

  it("stores users by unique email", async () => {
    const [first] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, "admin@demo.test"));
    expect(first?.passwordHash).toMatch(/^scrypt\$/);
  });
});
