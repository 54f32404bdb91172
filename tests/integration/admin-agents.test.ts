import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { agents } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import type { Actor } from "@/lib/actions/services/actor";
import {
  findAgent,
  listAgents,
  saveAgent,
} from "@/lib/actions/services/agents";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";
import { readAgentWorkflow } from "@/lib/sync/workflow-runner";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let admin: Actor;
let viewer: Actor;
let otherAdmin: Actor;

async function actorFor(
  slug: string,
  email: string,
  role: Actor["role"],
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

beforeAll(async () => {
  database = await createTestDatabase();
  admin = await actorFor("agents-a", "admin@a.test", "admin");
  viewer = await actorFor("agents-a", "viewer@a.test", "viewer");
  otherAdmin = await actorFor("agents-b", "admin@b.test", "admin");
});

afterAll(async () => {
  await database.drop();
});

const input = {
  name: "Warehouse screening",
  stepKinds: ["resume" as const, "sms" as const],
  jobDescription: "Lift 20 kg.",
  status: "active" as const,
};

describe("agents service", () => {
  it("creates and lists an agent", async () => {
    const agent = await saveAgent(database.db, admin, input);
    expect(agent.workspaceId).toBe(admin.workspaceId);
    expect(agent.workflow.map((step) => step.kind)).toEqual(["resume", "sms"]);
    // The sync engine must accept what the form stores.
    expect(readAgentWorkflow(agent.workflow)).not.toBeNull();
    const rows = await listAgents(database.db, admin.workspaceId);
    expect(rows.map((row) => row.name)).toContain("Warehouse screening");
    expect(rows[0]?.activeMappings).toBe(0);
  });

  it("rejects a duplicate name ignoring case", async () => {
    const error = await saveAgent(database.db, admin, {
      ...input,
      name: "WAREHOUSE screening",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).fieldErrors?.name?.[0]).toMatch(
      /already the name of another agent/,
    );
  });

  it("allows the same name in another workspace", async () => {
    const agent = await saveAgent(database.db, otherAdmin, input);
    expect(agent.workspaceId).toBe(otherAdmin.workspaceId);
  });

  it("rejects a viewer", async () => {
    await expect(
      saveAgent(database.db, viewer, { ...input, name: "Viewer made" }),
    ).rejects.toThrow(/your role is viewer/);
  });

  it("rejects editing another workspace's agent", async () => {
    const [theirs] = await listAgents(database.db, otherAdmin.workspaceId);
    await expect(
      saveAgent(database.db, admin, { ...input, id: theirs!.id, name: "X" }),
    ).rejects.toThrow(/not found in your workspace/);
    const unchanged = await findAgent(
      database.db,
      otherAdmin.workspaceId,
      theirs!.id,
    );
    expect(unchanged?.name).toBe("Warehouse screening");
  });

  it("keeps step settings on edit", async () => {
    const [mine] = await listAgents(database.db, admin.workspaceId);
    const resume = mine!.workflow.find((step) => step.kind === "resume")!;
    const tuned = { ...resume, weight: 7 };
    await database.db
      .update(agents)
      .set({ workflow: [tuned, ...mine!.workflow.slice(1)] })
      .where(eq(agents.id, mine!.id));

    const saved = await saveAgent(database.db, admin, {
      ...input,
      id: mine!.id,
      stepKinds: ["resume", "voice"],
    });
    expect(saved.workflow.map((step) => step.kind)).toEqual([
      "resume",
      "voice",
    ]);
    expect(saved.workflow[0]?.weight).toBe(7);
  });

  it("archives an agent", async () => {
    const [mine] = await listAgents(database.db, admin.workspaceId);
    const saved = await saveAgent(database.db, admin, {
      ...input,
      id: mine!.id,
      status: "archived",
    });
    expect(saved.status).toBe("archived");
  });

  it("rejects an empty workflow", async () => {
    await expect(
      saveAgent(database.db, admin, { ...input, name: "Y", stepKinds: [] }),
    ).rejects.toThrow(/at least one workflow step/);
  });
});
