import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { jobMappings, trackerConnections } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import type { Actor } from "@/lib/actions/services/actor";
import { saveAgent } from "@/lib/actions/services/agents";
import {
  connectTracker,
  findConnection,
  replaceTrackerToken,
  toConnectionView,
  updateTrackerTimeZone,
} from "@/lib/actions/services/tracker-connection";
import { disconnectTracker } from "@/lib/actions/services/tracker-disconnect";
import { decryptSecret } from "@/lib/crypto";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";
import { startSandbox, type RunningSandbox } from "@/lib/tracker-sandbox";
import { DEMO_ACCESS_TOKEN } from "@/lib/tracker-sandbox/seed/demo-seed";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let sandbox: RunningSandbox;
let admin: Actor;
let recruiter: Actor;
let viewer: Actor;

async function actorFor(slug: string, email: string, role: Actor["role"]) {
  const workspace = await ensureWorkspace(database.db, { name: slug, slug });
  const user = await ensureMember(database.db, workspace.id, {
    email,
    name: email,
    password: "pw",
    role,
  });
  return { userId: user.id, workspaceId: workspace.id, role } as Actor;
}

async function caught(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

const good = {
  accessToken: DEMO_ACCESS_TOKEN,
  apiVersion: 1,
  region: "Sandbox" as const,
};

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await startSandbox({ port: 0 });
  admin = await actorFor("conn-a", "admin@conn-a.test", "admin");
  recruiter = await actorFor("conn-a", "recruiter@conn-a.test", "recruiter");
  viewer = await actorFor("conn-a", "viewer@conn-a.test", "viewer");
});

afterAll(async () => {
  await sandbox?.close();
  await database?.drop();
});

beforeEach(async () => {
  await database.db
    .delete(trackerConnections)
    .where(eq(trackerConnections.workspaceId, admin.workspaceId));
});

describe("connectTracker", () => {
  it("saves a checked connection", async () => {
    const result = await connectTracker(database.db, admin, good, {
      sandboxUrl: sandbox.url,
    });
    expect(result.stageCount).toBe(16);
    expect(result.stageGroups).toContain("Shortlisted");
    expect(result.connection.state).toBe("connected");
    expect(result.connection.accessTokenLast4).toBe("cdef");
    expect(result.connection.timeZone).toBe("America/Los_Angeles");

    const row = await findConnection(database.db, admin.workspaceId);
    expect(row?.accessTokenEncrypted).not.toContain(DEMO_ACCESS_TOKEN);
    expect(decryptSecret(row!.accessTokenEncrypted)).toBe(DEMO_ACCESS_TOKEN);
  });

  it("never returns the token", async () => {
    const result = await connectTracker(database.db, admin, good, {
      sandboxUrl: sandbox.url,
    });
    expect(JSON.stringify(result)).not.toContain(DEMO_ACCESS_TOKEN);
    expect(JSON.stringify(result)).not.toMatch(/eyJ/);
  });

  it("rejects a wrong token and saves nothing", async () => {
    const error = await caught(
      connectTracker(
        database.db,
        admin,
        { ...good, accessToken: "ffffffffffffffffffffffffffffffff" },
        { sandboxUrl: sandbox.url },
      ),
    );
    expect(error.fieldErrors?.accessToken?.[0]).toMatch(/rejected/);
    expect(await findConnection(database.db, admin.workspaceId)).toBeFalsy();
  });

  it("reports an unreachable host on region", async () => {
    // Port 1 on loopback: nothing listens there, so the connection fails.
    const error = await caught(
      connectTracker(database.db, admin, good, {
        sandboxUrl: "http://127.0.0.1:1",
      }),
    );
    expect(error.fieldErrors?.region?.[0]).toMatch(/Could not reach/);
    expect(await findConnection(database.db, admin.workspaceId)).toBeFalsy();
  });

  it("reports an API version not served", async () => {
    const error = await caught(
      connectTracker(
        database.db,
        admin,
        { ...good, apiVersion: 2 },
        { sandboxUrl: sandbox.url },
      ),
    );
    expect(error.fieldErrors?.apiVersion?.[0]).toMatch(/API version 2/);
    expect(await findConnection(database.db, admin.workspaceId)).toBeFalsy();
  });

  it("rejects Sandbox when not configured", async () => {
    const error = await caught(connectTracker(database.db, admin, good, {}));
    expect(error.fieldErrors?.region?.[0]).toMatch(/TRACKER_SANDBOX_URL/);
  });

  it("rejects a second connect", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    const error = await caught(
      connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url }),
    );
    expect(error.message).toMatch(/already connected/);
  });

  it.each([
    ["viewer", () => viewer],
    ["recruiter", () => recruiter],
  ])("rejects a %s", async (role, actor) => {
    const error = await caught(
      connectTracker(database.db, actor(), good, { sandboxUrl: sandbox.url }),
    );
    expect(error.message).toContain(`your role is ${role}`);
    expect(await findConnection(database.db, admin.workspaceId)).toBeFalsy();
  });
});

describe("replaceTrackerToken", () => {
  it("reconnects a needs_token connection", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    await database.db
      .update(trackerConnections)
      .set({ status: "needs_token", statusReason: "401 on poll" })
      .where(eq(trackerConnections.workspaceId, admin.workspaceId));

    const result = await replaceTrackerToken(
      database.db,
      admin,
      { accessToken: DEMO_ACCESS_TOKEN },
      { sandboxUrl: sandbox.url },
    );
    expect(result.connection.state).toBe("connected");
    expect(result.connection.statusReason).toBeNull();
  });

  it("keeps the old token on a failed check", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    const error = await caught(
      replaceTrackerToken(
        database.db,
        admin,
        { accessToken: "ffffffffffffffffffffffffffffffff" },
        { sandboxUrl: sandbox.url },
      ),
    );
    expect(error.fieldErrors?.accessToken).toBeDefined();
    const row = await findConnection(database.db, admin.workspaceId);
    expect(decryptSecret(row!.accessTokenEncrypted)).toBe(DEMO_ACCESS_TOKEN);
  });

  it("rejects a viewer", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    const error = await caught(
      replaceTrackerToken(
        database.db,
        viewer,
        { accessToken: DEMO_ACCESS_TOKEN },
        { sandboxUrl: sandbox.url },
      ),
    );
    expect(error.message).toContain("your role is viewer");
  });
});

describe("updateTrackerTimeZone", () => {
  it("stores a valid zone", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    const view = await updateTrackerTimeZone(database.db, admin, {
      timeZone: "America/Chicago",
    });
    expect(view.timeZone).toBe("America/Chicago");
  });

  it("rejects an unknown zone", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    await expect(
      updateTrackerTimeZone(database.db, admin, { timeZone: "Mars/Olympus" }),
    ).rejects.toThrow(/not an IANA time zone/);
  });
});

describe("disconnectTracker", () => {
  it("forgets the token and keeps mappings", async () => {
    const connected = await connectTracker(database.db, admin, good, {
      sandboxUrl: sandbox.url,
    });
    const agent = await saveAgent(database.db, admin, {
      name: `Disconnect ${Date.now()}`,
      stepKinds: ["resume"],
      jobDescription: "",
      status: "active",
    });
    await database.db.insert(jobMappings).values({
      workspaceId: admin.workspaceId,
      agentId: agent.id,
      connectionId: connected.connection.id,
      trackerJobId: 1026,
      jobTitle: "Senior React Developer",
      triggerStatusId: 4,
      triggerStatusName: "Shortlisted",
      triggerGroup: "Shortlisted",
    });

    const result = await disconnectTracker(database.db, admin);
    expect(result.pausedMappings).toBe(1);

    const row = await findConnection(database.db, admin.workspaceId);
    expect(row?.id).toBe(connected.connection.id);
    expect(toConnectionView(row!).state).toBe("disconnected");
    expect(decryptSecret(row!.accessTokenEncrypted)).toBe("");
    const mappings = await database.db
      .select()
      .from(jobMappings)
      .where(eq(jobMappings.agentId, agent.id));
    expect(mappings[0]?.status).toBe("active");

    const again = await connectTracker(database.db, admin, good, {
      sandboxUrl: sandbox.url,
    });
    expect(again.connection.id).toBe(connected.connection.id);
    expect(again.connection.state).toBe("connected");
  });

  it("rejects a viewer", async () => {
    await connectTracker(database.db, admin, good, { sandboxUrl: sandbox.url });
    const error = await caught(disconnectTracker(database.db, viewer));
    expect(error.message).toContain("your role is viewer");
    const row = await findConnection(database.db, admin.workspaceId);
    expect(toConnectionView(row!).state).toBe("connected");
  });
});
