import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  DEMO_ACCESS_TOKEN,
  startSandbox,
  type RunningSandbox,
  type SandboxDatabaseSeed,
} from "@/lib/tracker-sandbox";

// Control API operations over HTTP, the field-name settings, and search
// speed on a database of 50,000 placements.

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.state.reset();
});

async function control<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function jwtFor(accessToken = DEMO_ACCESS_TOKEN): Promise<string> {
  const response = await fetch(`${sandbox.url}/api/Auth/ExchangeToken`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ bearerToken: accessToken }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function getJson<T>(path: string, jwt: string): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, {
    headers: { Authorization: `Bearer ${jwt}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

type SearchPage = {
  data: Record<string, unknown>[];
  totalRecords: number;
};

async function searchPage(jwt: string, pageNumber: number) {
  const response = await fetch(
    `${sandbox.url}/api/v1/OpportunityResource/Search`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${jwt}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ searchText: "", pageSize: 10, pageNumber }),
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as SearchPage;
}

describe("control API", () => {
  it("lists databases with region, zone and token", async () => {
    const { status, body } = await control<
      { name: string; region: string; timeZone: string; accessToken: string }[]
    >("GET", "databases");
    expect(status).toBe(200);
    expect(body.map((d) => [d.name, d.region, d.timeZone])).toEqual([
      ["demo", "US", "America/Los_Angeles"],
      ["maple", "CA", "America/Toronto"],
    ]);
    expect(body[0]!.accessToken).toBe(DEMO_ACCESS_TOKEN);
  });

  it("creates a job the API then serves", async () => {
    const created = await control<{ id: number }>(
      "POST",
      "databases/demo/jobs",
      {
        name: "Platform Engineer",
        clientName: "Acme Test Ltd",
      },
    );
    expect(created.status).toBe(201);
    const job = await getJson<{ name: string; status: { name: string } }>(
      `/api/v1/Opportunity/${created.body.id}`,
      await jwtFor(),
    );
    expect(job.name).toBe("Platform Engineer");
    expect(job.status.name).toBe("Open");
  });

  it("adds an applicant with a DOCX resume", async () => {
    const added = await control<{
      resourceId: number;
      placementId: number;
      documentId: number;
    }>("POST", "databases/demo/applicants", {
      jobId: 1026,
      firstName: "Zoë",
      surname: "Ångström",
      email: "zoe@example.test",
      statusId: 4,
      resume: "docx",
      skills: ["React", "TypeScript"],
    });
    expect(added.status).toBe(201);
    const jwt = await jwtFor();
    const candidate = await getJson<{ firstName: string }>(
      `/api/v1/Resource/${added.body.resourceId}`,
      jwt,
    );
    expect(candidate.firstName).toBe("Zoë");
    const file = await getJson<{ filename: string; filecontent: string }>(
      `/api/v1/Resource/${added.body.resourceId}/Document/${added.body.documentId}`,
      jwt,
    );
    expect(file.filename).toMatch(/\.docx$/);
    expect(
      Buffer.from(file.filecontent, "base64").subarray(0, 2).toString(),
    ).toBe("PK");
    const row = await getJson<{ opportunityResourceStatusId: number }>(
      `/api/v1/OpportunityResource/${added.body.placementId}`,
      jwt,
    );
    expect(row.opportunityResourceStatusId).toBe(4);
  });

  it("adds an applicant with a fixture PDF", async () => {
    const added = sandbox.state.addApplicant("demo", {
      jobId: 1026,
      firstName: "Sarah",
      surname: "Johnson",
      resume: "sarah-johnson-senior-react-developer.pdf",
    });
    const document = sandbox.state
      .database("demo")
      .documents.get(added.documentId!)!;
    expect(document.content.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("rejects an applicant for a missing job with 404", async () => {
    const response = await control<{ error: string }>(
      "POST",
      "databases/demo/applicants",
      { jobId: 999, firstName: "No", surname: "Job" },
    );
    expect(response.status).toBe(404);
    expect(response.body.error).toContain("job 999");
  });

  it("moves a placement to another status", async () => {
    const jwt = await jwtFor();
    const before = await getJson<{ lastUpdatedDateTime: string }>(
      "/api/v1/OpportunityResource/52001",
      jwt,
    );
    const moved = await control(
      "POST",
      "databases/demo/placements/52001/status",
      {
        statusId: 10,
      },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      opportunityResourceId: 52001,
      opportunityResourceStatusId: 10,
    });
    const page = await searchPage(jwt, 1);
    expect(page.data[0]!.opportunityResourceStatusId).toBe(10);
    expect(page.data[0]!.opportunityResourceStatusName).toBe("Offer Made");
    expect(page.data[0]!.lastUpdatedDateTime).not.toBe(
      before.lastUpdatedDateTime,
    );
  });

  it("rejects a move to an unknown status with 404", async () => {
    const response = await control(
      "POST",
      "databases/demo/placements/52001/status",
      { statusId: 999 },
    );
    expect(response.status).toBe(404);
  });

  it("bulk-adds 230 placements entering a stage", async () => {
    const jwt = await jwtFor();
    const before = await searchPage(jwt, 1);
    const added = await control<{
      created: number;
      firstPlacementId: number;
      lastPlacementId: number;
    }>("POST", "databases/demo/placements/bulk", {
      jobId: 1026,
      count: 230,
      statusId: 7,
    });
    expect(added.status).toBe(201);
    expect(added.body.created).toBe(230);
    expect(added.body.lastPlacementId - added.body.firstPlacementId).toBe(229);
    const after = await searchPage(jwt, 1);
    expect(after.totalRecords).toBe(before.totalRecords + 230);
  });

  it("bulk-moves placements of a job into a stage", async () => {
    const moved = await control<{ moved: number; placementIds: number[] }>(
      "POST",
      "databases/demo/placements/move",
      { jobId: 1026, toStatusId: 16, count: 3 },
    );
    expect(moved.body.moved).toBe(3);
    const database = sandbox.state.database("demo");
    for (const id of moved.body.placementIds) {
      const placement = database.placementsById.get(id)!;
      expect(placement.jobId).toBe(1026);
      expect(placement.statusId).toBe(16);
    }
  });

  it("regenerates an access token over HTTP", async () => {
    const response = await control<{ accessToken: string }>(
      "POST",
      "databases/demo/access-token",
    );
    expect(response.status).toBe(200);
    expect(response.body.accessToken).not.toBe(DEMO_ACCESS_TOKEN);
    await jwtFor(response.body.accessToken);
  });

  it("logs requests without tokens", async () => {
    const jwt = await jwtFor();
    await getJson("/api/v1/Opportunity/1026", jwt);
    const log = await control<
      { method: string; path: string; status: number; database: string }[]
    >("GET", "requests?database=demo");
    expect(
      log.body.map((entry) => [entry.method, entry.path, entry.status]),
    ).toEqual([
      ["POST", "/api/Auth/ExchangeToken", 200],
      ["GET", "/api/v1/Opportunity/1026", 200],
    ]);
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(DEMO_ACCESS_TOKEN);
    expect(text).not.toContain(jwt);
  });

  it("changes settings and rejects unknown ones", async () => {
    const changed = await control<{ pageSizeCap: number }>(
      "PATCH",
      "settings",
      {
        pageSizeCap: 25,
      },
    );
    expect(changed.body.pageSizeCap).toBe(25);
    const rejected = await control("PATCH", "settings", { warpSpeed: 9 });
    expect(rejected.status).toBe(400);
  });

  it("advances the clock", async () => {
    const before = sandbox.state.now();
    const response = await control<{ now: string }>("POST", "clock", {
      ms: 3_600_000,
    });
    expect(Date.parse(response.body.now) - before).toBeGreaterThanOrEqual(
      3_600_000,
    );
  });

  it("resets to the seeded state", async () => {
    await control("POST", "databases/demo/jobs", { name: "Temporary" });
    await control("PATCH", "settings", { pageSizeCap: 3 });
    const reset = await control("POST", "reset");
    expect(reset.status).toBe(200);
    expect(sandbox.state.listJobs("demo")).toHaveLength(5);
    expect(sandbox.state.getSettings().pageSizeCap).toBe(10);
  });

  it("answers 404 for an unknown database", async () => {
    const response = await control<{ error: string }>(
      "GET",
      "databases/nowhere/jobs",
    );
    expect(response.status).toBe(404);
    expect(response.body.error).toContain("demo, maple");
  });
});

describe("custom databases", () => {
  const seed: SandboxDatabaseSeed = {
    name: "thames",
    region: "Other",
    timeZone: "Europe/London",
    accessToken: "00112233445566778899aabbccddeeff",
    statuses: [
      { id: 1, name: "Applied", group: "Applied", order: 1 },
      { id: 2, name: "Hired", group: "Placed", order: 2 },
    ],
    jobs: [{ id: 10, name: "Welder" }],
    candidates: [{ id: 500, firstName: "Alex", surname: "Example" }],
    placements: [{ jobId: 10, resourceId: 500, statusId: 2 }],
  };

  it("serves a database from a seed", async () => {
    const custom = await startSandbox({ seedDemo: false, databases: [seed] });
    try {
      const names = custom.state.listDatabases().map((d) => d.name);
      expect(names).toEqual(["thames"]);
      const response = await fetch(`${custom.url}/api/Auth/ExchangeToken`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ bearerToken: seed.accessToken }),
      });
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const row = (await (
        await fetch(`${custom.url}/api/v1/OpportunityResource/52001`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as {
        createdDateTime: string;
        opportunityResourceStatusName: string;
      };
      // Records without times get SEED_EPOCH: 16:00 UTC is 17:00 in London (BST).
      expect(row.createdDateTime).toBe("2026-09-01 17:00:00");
      expect(row.opportunityResourceStatusName).toBe("Hired");
    } finally {
      await custom.close();
    }
  });

  it("rejects a seed reusing an access token", async () => {
    await expect(
      startSandbox({
        databases: [{ ...seed, accessToken: DEMO_ACCESS_TOKEN }],
      }),
    ).rejects.toThrow("reuses another database's access token");
  });

  it("rejects an invalid time zone", async () => {
    await expect(
      startSandbox({
        seedDemo: false,
        databases: [{ ...seed, timeZone: "Mars/Olympus" }],
      }),
    ).rejects.toThrow("invalid time zone");
  });

  it("lists control routes at the root", async () => {
    const { body } = await control<string[]>("GET", "");
    expect(body).toContain("POST /_sandbox/reset");
  });
});

describe("field-name settings", () => {
  it("writes PascalCase keys", async () => {
    // Exchange first, because with PascalCase the reply key is "Token".
    const jwt = await jwtFor();
    sandbox.state.updateSettings({ responseKeyCasing: "PascalCase" });
    const job = await getJson<Record<string, unknown>>(
      "/api/v1/Opportunity/1026",
      jwt,
    );
    expect(job.Name).toBe("Senior React Developer");
    expect(job.name).toBeUndefined();
  });

  it("renames document keys and wraps the list", async () => {
    sandbox.state.updateSettings({
      documentIdKey: "id",
      documentContentKey: "fileContent",
      documentListEnvelope: "items",
    });
    const jwt = await jwtFor();
    const list = await getJson<{ items: { id: number }[] }>(
      "/api/v1/Resource/140001/Documents",
      jwt,
    );
    const file = await getJson<Record<string, string>>(
      `/api/v1/Resource/140001/Document/${list.items[0]!.id}`,
      jwt,
    );
    expect(file.fileContent).toBeDefined();
    expect(file.filecontent).toBeUndefined();
  });

  it("serves statuses on a configured path", async () => {
    sandbox.state.updateSettings({
      statusesPath: "MetaData/PlacementStatuses",
    });
    const jwt = await jwtFor();
    const statuses = await getJson<unknown[]>(
      "/api/v1/MetaData/PlacementStatuses",
      jwt,
    );
    expect(statuses.length).toBeGreaterThanOrEqual(12);
  });
});

describe("search on 50,000 placements", () => {
  it("serves a late page as fast as the first", async () => {
    sandbox.state.updateSettings({ rateLimitPerMinute: 0 });
    sandbox.state.bulkAddPlacements("demo", { jobId: 1027, count: 50_000 });
    const jwt = await jwtFor();

    const timePage = async (pageNumber: number) => {
      const started = performance.now();
      const page = await searchPage(jwt, pageNumber);
      return { page, ms: performance.now() - started };
    };
    await timePage(1);
    const first = await timePage(1);
    const last = await timePage(5_008);

    expect(last.page.totalRecords).toBe(50_073);
    expect(last.page.data).toHaveLength(3);
    // A scan of 50,000 rows would also pass this bound. The check only
    // catches far worse costs, such as rendering every row per request.
    expect(last.ms).toBeLessThan(first.ms + 100);
  });
});
