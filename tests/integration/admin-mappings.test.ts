import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { backfills, jobMappings, type JobMapping } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import type { Actor } from "@/lib/actions/services/actor";
import { saveAgent } from "@/lib/actions/services/agents";
import {
  cancelBackfill,
  previewBackfill,
  readBackfill,
  startBackfill,
} from "@/lib/actions/services/backfills";
import {
  checkTrackerJob,
  listMappings,
  removeJobMapping,
  saveJobMapping,
} from "@/lib/actions/services/job-mappings";
import { connectTracker } from "@/lib/actions/services/tracker-connection";
import { ensureMember, ensureWorkspace } from "@/lib/demo/seed";
import { utcToLocal } from "@/lib/tracker/local-time";
import { startSandbox, type RunningSandbox } from "@/lib/tracker-sandbox";
import { DEMO_ACCESS_TOKEN } from "@/lib/tracker-sandbox/seed/demo-seed";
import { backfillSchema } from "@/lib/validations/backfill";
import { checkTrackerJobSchema } from "@/lib/validations/job-mapping";

import { createTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;
let sandbox: RunningSandbox;
let admin: Actor;
let viewer: Actor;
let otherAdmin: Actor;
let firstAgentId: string;
let secondAgentId: string;

const SANDBOX_ZONE = "America/Los_Angeles";

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

async function newAgent(actor: Actor, name: string) {
  const agent = await saveAgent(database.db, actor, {
    name,
    stepKinds: ["resume"],
    jobDescription: "",
    status: "active",
  });
  return agent.id;
}

/** Placements of a job the sandbox holds, counted the way a backfill should. */
function expectedCount(options: {
  jobId: number;
  statusId?: number;
  before?: Date;
  upToDate?: string;
}): number {
  return sandbox.state.database("demo").placements.filter((placement) => {
    if (placement.jobId !== options.jobId) return false;
    if (options.statusId && placement.statusId !== options.statusId) {
      return false;
    }
    if (options.before) {
      return placement.createdAt <= options.before.getTime();
    }
    const day = utcToLocal(new Date(placement.createdAt), SANDBOX_ZONE);
    return day.slice(0, 10) <= options.upToDate!;
  }).length;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = await startSandbox({ port: 0 });
  admin = await actorFor("map-a", "admin@map-a.test", "admin");
  viewer = await actorFor("map-a", "viewer@map-a.test", "viewer");
  otherAdmin = await actorFor("map-b", "admin@map-b.test", "admin");
  for (const actor of [admin, otherAdmin]) {
    await connectTracker(
      database.db,
      actor,
      { accessToken: DEMO_ACCESS_TOKEN, apiVersion: 1, region: "Sandbox" },
      { sandboxUrl: sandbox.url },
    );
  }
  firstAgentId = await newAgent(admin, "First agent");
  secondAgentId = await newAgent(admin, "Second agent");
});

afterAll(async () => {
  await sandbox?.close();
  await database?.drop();
});

describe("checkTrackerJob", () => {
  it("returns title, client and status", async () => {
    const job = await checkTrackerJob(database.db, admin, {
      trackerJobId: 1026,
    });
    expect(job.title).toBe("Senior React Developer");
    expect(job.clientName).toBeTruthy();
    expect(job.isClosed).toBe(false);
  });

  it("flags a closed job", async () => {
    const job = await checkTrackerJob(database.db, admin, {
      trackerJobId: 1029,
    });
    expect(job.isClosed).toBe(true);
  });

  it("rejects an unknown job", async () => {
    const error = await caught(
      checkTrackerJob(database.db, admin, { trackerJobId: 999999 }),
    );
    expect(error.fieldErrors?.trackerJobId?.[0]).toMatch(
      /Job 999999 was not found/,
    );
  });

  it("rejects a viewer", async () => {
    const error = await caught(
      checkTrackerJob(database.db, viewer, { trackerJobId: 1026 }),
    );
    expect(error.message).toContain("your role is viewer");
  });
});

describe("saveJobMapping", () => {
  let mapping: JobMapping;

  it("maps a job to a stage", async () => {
    mapping = await saveJobMapping(database.db, admin, {
      agentId: firstAgentId,
      trackerJobId: 1026,
      triggerStatusId: 4,
      mapClosedJob: false,
    });
    expect(mapping.jobTitle).toBe("Senior React Developer");
    expect(mapping.triggerStatusName).toBe("Shortlisted");
    expect(mapping.triggerGroup).toBe("Shortlisted");
    expect(mapping.baselineRecordedAt).toBeNull();
  });

  it("names the agent holding a clash", async () => {
    const error = await caught(
      saveJobMapping(database.db, admin, {
        agentId: secondAgentId,
        trackerJobId: 1026,
        triggerStatusId: 4,
        mapClosedJob: false,
      }),
    );
    expect(error.fieldErrors?.triggerStatusId?.[0]).toContain(
      "agent “First agent”",
    );
  });

  it("allows the same job at another stage", async () => {
    const other = await saveJobMapping(database.db, admin, {
      agentId: secondAgentId,
      trackerJobId: 1026,
      triggerStatusId: 7,
      mapClosedJob: false,
    });
    expect(other.triggerStatusName).toBe("First Interview");
  });

  it("rejects a closed job unless confirmed", async () => {
    const error = await caught(
      saveJobMapping(database.db, admin, {
        agentId: firstAgentId,
        trackerJobId: 1029,
        triggerStatusId: 4,
        mapClosedJob: false,
      }),
    );
    expect(error.fieldErrors?.trackerJobId?.[0]).toMatch(/is closed/);

    const confirmed = await saveJobMapping(database.db, admin, {
      agentId: firstAgentId,
      trackerJobId: 1029,
      triggerStatusId: 4,
      mapClosedJob: true,
    });
    expect(confirmed.trackerJobId).toBe(1029);
  });

  it("rejects an unknown stage", async () => {
    const error = await caught(
      saveJobMapping(database.db, admin, {
        agentId: firstAgentId,
        trackerJobId: 1027,
        triggerStatusId: 999,
        mapClosedJob: false,
      }),
    );
    expect(error.fieldErrors?.triggerStatusId?.[0]).toMatch(/no longer exists/);
  });

  it("remaps and resets the baseline", async () => {
    await database.db
      .update(jobMappings)
      .set({ baselineRecordedAt: new Date() })
      .where(eq(jobMappings.id, mapping.id));
    const remapped = await saveJobMapping(database.db, admin, {
      agentId: firstAgentId,
      mappingId: mapping.id,
      trackerJobId: 1028,
      triggerStatusId: 4,
      mapClosedJob: false,
    });
    expect(remapped.id).toBe(mapping.id);
    expect(remapped.trackerJobId).toBe(1028);
    expect(remapped.jobTitle).toBe("Data Scientist");
    expect(remapped.baselineRecordedAt).toBeNull();
    mapping = remapped;
  });

  it("frees the old pair after a remap", async () => {
    const freed = await saveJobMapping(database.db, admin, {
      agentId: secondAgentId,
      trackerJobId: 1026,
      triggerStatusId: 4,
      mapClosedJob: false,
    });
    expect(freed.agentId).toBe(secondAgentId);
  });

  it("rejects a viewer", async () => {
    const error = await caught(
      saveJobMapping(database.db, viewer, {
        agentId: firstAgentId,
        trackerJobId: 1027,
        triggerStatusId: 4,
        mapClosedJob: false,
      }),
    );
    expect(error.message).toContain("your role is viewer");
  });

  it("hides mappings from another workspace", async () => {
    const error = await caught(
      saveJobMapping(database.db, otherAdmin, {
        agentId: firstAgentId,
        mappingId: mapping.id,
        trackerJobId: 1027,
        triggerStatusId: 4,
        mapClosedJob: false,
      }),
    );
    expect(error.message).toMatch(/not found in your workspace/);

    const removal = await caught(
      removeJobMapping(database.db, otherAdmin, { mappingId: mapping.id }),
    );
    expect(removal.message).toMatch(/not found in your workspace/);
  });

  it("removes a mapping", async () => {
    const result = await removeJobMapping(database.db, admin, {
      mappingId: mapping.id,
    });
    expect(result.cancelledBackfills).toBe(0);
    const active = await listMappings(
      database.db,
      admin.workspaceId,
      firstAgentId,
    );
    expect(active.map((row) => row.id)).not.toContain(mapping.id);
  });
});

describe("backfills", () => {
  let mapping: JobMapping;

  beforeAll(async () => {
    const agentId = await newAgent(admin, "Backfill agent");
    mapping = await saveJobMapping(database.db, admin, {
      agentId,
      trackerJobId: 1027,
      triggerStatusId: 5,
      mapClosedJob: false,
    });
  });

  it("counts placements before the mapping", async () => {
    const preview = await previewBackfill(database.db, admin, {
      mappingId: mapping.id,
      upToDate: "",
      stageFilterId: "",
    });
    const expected = expectedCount({
      jobId: 1027,
      before: mapping.createdAt,
    });
    expect(expected).toBeGreaterThan(0);
    expect(preview.count).toBe(expected);
    expect(preview.scanned).toBe(
      sandbox.state.database("demo").placements.length,
    );
  });

  it("counts up to a date inclusive", async () => {
    // The seeded placements of job 1027 were created 2026-08-31..09-09.
    const upToDate = "2026-09-04";
    const expected = expectedCount({ jobId: 1027, upToDate });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(
      expectedCount({ jobId: 1027, upToDate: "2026-12-31" }),
    );
    const preview = await previewBackfill(database.db, admin, {
      mappingId: mapping.id,
      upToDate,
      stageFilterId: "",
    });
    expect(preview.count).toBe(expected);
  });

  it("counts one stage only", async () => {
    const preview = await previewBackfill(database.db, admin, {
      mappingId: mapping.id,
      upToDate: "",
      stageFilterId: "4",
    });
    expect(preview.count).toBe(
      expectedCount({ jobId: 1027, statusId: 4, before: mapping.createdAt }),
    );
  });

  it("rejects a future date", async () => {
    const error = await caught(
      previewBackfill(database.db, admin, {
        mappingId: mapping.id,
        upToDate: "2999-01-01",
        stageFilterId: "",
      }),
    );
    expect(error.fieldErrors?.upToDate?.[0]).toMatch(/is after today/);
  });

  it("starts once, polls and cancels", async () => {
    const started = await startBackfill(database.db, admin, {
      mappingId: mapping.id,
      upToDate: "",
      stageFilterId: "",
    });
    expect(started.status).toBe("queued");
    expect(started.total).toBe(
      expectedCount({ jobId: 1027, before: mapping.createdAt }),
    );

    const second = await caught(
      startBackfill(database.db, admin, {
        mappingId: mapping.id,
        upToDate: "",
        stageFilterId: "",
      }),
    );
    expect(second.message).toMatch(/already queued or running/);

    const polled = await readBackfill(database.db, admin, {
      backfillId: started.id,
    });
    expect(polled.processed).toBe(0);

    const hidden = await caught(
      readBackfill(database.db, otherAdmin, { backfillId: started.id }),
    );
    expect(hidden.message).toMatch(/not found in your workspace/);

    const viewerCancel = await caught(
      cancelBackfill(database.db, viewer, { backfillId: started.id }),
    );
    expect(viewerCancel.message).toContain("your role is viewer");

    const cancelled = await cancelBackfill(database.db, admin, {
      backfillId: started.id,
    });
    expect(cancelled.status).toBe("cancelled");
  });

  it("rejects two open rows in the index", async () => {
    const row = {
      workspaceId: admin.workspaceId,
      mappingId: mapping.id,
      status: "running" as const,
    };
    await database.db.insert(backfills).values(row);
    await expect(database.db.insert(backfills).values(row)).rejects.toThrow();
  });
});

describe("form schemas", () => {
  it.each([
    ["", /Enter the Tracker Job ID/],
    ["12ab", /digits only/],
    ["10 26", /digits only/],
    ["-5", /digits only/],
    ["0", /between 1 and 2147483647/],
    ["99999999999", /between 1 and 2147483647/],
  ])("rejects Job ID %j", (value, message) => {
    const result = checkTrackerJobSchema.safeParse({ trackerJobId: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("reads a Job ID as a number", () => {
    const result = checkTrackerJobSchema.parse({ trackerJobId: " 1026 " });
    expect(result.trackerJobId).toBe(1026);
  });

  it.each(["2026-02-30", "2026-1-5", "yesterday"])(
    "rejects backfill date %j",
    (upToDate) => {
      const result = backfillSchema.safeParse({
        mappingId: "00000000-0000-4000-8000-000000000000",
        upToDate,
        stageFilterId: "",
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/YYYY-MM-DD/);
    },
  );
});
