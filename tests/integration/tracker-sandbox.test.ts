import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  CANADA_ACCESS_TOKEN,
  DEMO_ACCESS_TOKEN,
  startSandbox,
  type RunningSandbox,
} from "@/lib/tracker-sandbox";

// Talks to the sandbox over HTTP on loopback, as the Tracker client does.

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

async function exchange(accessToken: string, path = "/api/Auth/ExchangeToken") {
  return fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ bearerToken: accessToken }),
  });
}

async function jwtFor(accessToken = DEMO_ACCESS_TOKEN): Promise<string> {
  const response = await exchange(accessToken);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { token: string };
  return body.token;
}

async function get(path: string, jwt: string) {
  return fetch(`${sandbox.url}${path}`, {
    headers: { Authorization: `Bearer ${jwt}` },
  });
}

async function post(path: string, jwt: string, body: unknown) {
  return fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${jwt}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

type SearchPage = {
  data: Record<string, unknown>[];
  totalRecords: number;
  pageNumber: number;
  pageSize: number;
};

async function searchPage(jwt: string, body: Record<string, unknown>) {
  const response = await post("/api/v1/OpportunityResource/Search", jwt, body);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchPage;
}

/** "YYYY-MM-DD HH:MM:SS" in a zone, via a different formatter than the sandbox's. */
function wallClock(epochMs: number, timeZone: string): string {
  return new Date(epochMs).toLocaleString("sv-SE", { timeZone });
}

describe("token exchange", () => {
  it("returns a JWT and a local expiration", async () => {
    const response = await exchange(DEMO_ACCESS_TOKEN);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      token: string;
      expiration: string;
    };
    expect(body.token.split(".")).toHaveLength(3);
    expect(body.expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const expected = wallClock(
      sandbox.state.now() + 7 * 24 * 3_600_000,
      "America/Los_Angeles",
    ).replace(" ", "T");
    expect(body.expiration.slice(0, 13)).toBe(expected.slice(0, 13));
  });

  it("matches the path case-insensitively", async () => {
    const response = await exchange(
      DEMO_ACCESS_TOKEN,
      "/api/auth/exchangetoken",
    );
    expect(response.status).toBe(200);
  });

  it("rejects an unknown access token with 401", async () => {
    const response = await exchange("ffffffffffffffffffffffffffffffff");
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(text.length).toBeLessThan(40);
    expect(text).not.toContain("ffffffff");
  });

  it("rejects a body without JSON content type with 415", async () => {
    const response = await fetch(`${sandbox.url}/api/Auth/ExchangeToken`, {
      method: "POST",
      body: JSON.stringify({ bearerToken: DEMO_ACCESS_TOKEN }),
    });
    expect(response.status).toBe(415);
  });

  it("binds body properties ignoring case", async () => {
    const response = await fetch(`${sandbox.url}/api/Auth/ExchangeToken`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ BearerToken: DEMO_ACCESS_TOKEN }),
    });
    expect(response.status).toBe(200);
  });
});

describe("single live JWT", () => {
  it("revokes the previous JWT on a new exchange", async () => {
    const first = await jwtFor();
    const second = await jwtFor();
    const firstReply = await get("/api/v1/Opportunity/1026", first);
    const secondReply = await get("/api/v1/Opportunity/1026", second);
    expect(firstReply.status).toBe(401);
    expect(secondReply.status).toBe(200);
  });

  it("keeps both JWTs when the setting is off", async () => {
    sandbox.state.updateSettings({ singleLiveJwt: false });
    const first = await jwtFor();
    const second = await jwtFor();
    expect((await get("/api/v1/Opportunity/1026", first)).status).toBe(200);
    expect((await get("/api/v1/Opportunity/1026", second)).status).toBe(200);
  });

  it("keeps JWTs of other databases alive", async () => {
    const demo = await jwtFor(DEMO_ACCESS_TOKEN);
    await jwtFor(CANADA_ACCESS_TOKEN);
    expect((await get("/api/v1/Opportunity/1026", demo)).status).toBe(200);
  });

  it("expires a JWT after its lifetime", async () => {
    const jwt = await jwtFor();
    sandbox.state.advanceClock(7 * 24 * 3_600_000);
    const response = await get("/api/v1/Opportunity/1026", jwt);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("expired");
  });

  it("answers 401 without an Authorization header", async () => {
    const response = await fetch(`${sandbox.url}/api/v1/Opportunity/1026`);
    expect(response.status).toBe(401);
  });
});

describe("access token regeneration", () => {
  it("fails the old token and its JWT", async () => {
    const jwt = await jwtFor();
    const { accessToken } = sandbox.state.regenerateAccessToken("demo");
    expect(accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect((await exchange(DEMO_ACCESS_TOKEN)).status).toBe(401);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(401);
    const fresh = await jwtFor(accessToken);
    expect((await get("/api/v1/Opportunity/1026", fresh)).status).toBe(200);
  });
});

describe("routing", () => {
  it("answers 404 for an unknown API version", async () => {
    const jwt = await jwtFor();
    const response = await get("/api/v2/Opportunity/1026", jwt);
    expect(response.status).toBe(404);
  });

  it("serves a second version once the setting accepts it", async () => {
    sandbox.state.updateSettings({ acceptedApiVersions: [1, 2] });
    const jwt = await jwtFor();
    expect((await get("/api/v2/Opportunity/1026", jwt)).status).toBe(200);
  });

  it("answers 404 for unknown routes and ids", async () => {
    const jwt = await jwtFor();
    expect((await get("/api/v1/Resource/140001/Notes", jwt)).status).toBe(404);
    expect((await get("/api/v1/Opportunity/999999", jwt)).status).toBe(404);
    expect((await get("/api/v1/Resource/1", jwt)).status).toBe(404);
    expect((await get("/nothing", jwt)).status).toBe(404);
  });

  it("matches v1 routes case-insensitively", async () => {
    const jwt = await jwtFor();
    const response = await get("/API/V1/opportunity/1026", jwt);
    expect(response.status).toBe(200);
  });
});

describe("jobs, statuses and candidates", () => {
  it("returns the nested job shape", async () => {
    const jwt = await jwtFor();
    const job = (await (await get("/api/v1/Opportunity/1029", jwt)).json()) as {
      id: number;
      name: string;
      status: { name: string };
      client: { name: string };
      history: { filled: boolean; closed: boolean };
      advertDetails: { title: string };
    };
    expect(job.id).toBe(1029);
    expect(job.status.name).toBe("Filled");
    expect(job.client.name).toBe("Harbor Health");
    expect(job.history).toEqual({ filled: true, closed: true });
    expect(job.advertDetails.title).toBe(job.name);
  });

  it("lists statuses with groups", async () => {
    const jwt = await jwtFor();
    const response = await get(
      "/api/v1/MetaData/OpportunityResourceStatuses",
      jwt,
    );
    const statuses = (await response.json()) as {
      id: number;
      name: string;
      group: string;
      order: number;
    }[];
    expect(statuses.length).toBeGreaterThanOrEqual(12);
    expect(new Set(statuses.map((s) => s.group)).size).toBeGreaterThanOrEqual(
      6,
    );
    expect(statuses.map((s) => s.order)).toEqual(
      [...statuses.map((s) => s.order)].sort((a, b) => a - b),
    );
  });

  it("returns contact details nested", async () => {
    const jwt = await jwtFor();
    const candidate = (await (
      await get("/api/v1/Resource/140001", jwt)
    ).json()) as {
      firstName: string;
      surname: string;
      contactDetails: { email: string; mobilePhone: string };
    };
    expect(candidate.firstName).toBe("Sarah");
    expect(candidate.surname).toBe("Johnson");
    expect(candidate.contactDetails.email).toBe("sarah.johnson@email.com");
    expect(candidate.contactDetails.mobilePhone).toBe("555-123-4567");
  });

  it("serves each database only its own records", async () => {
    const jwt = await jwtFor(CANADA_ACCESS_TOKEN);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(404);
    expect((await get("/api/v1/Opportunity/2001", jwt)).status).toBe(200);
  });
});

describe("placement search", () => {
  it("caps pages at 10 rows whatever pageSize asks", async () => {
    const jwt = await jwtFor();
    const page = await searchPage(jwt, { pageSize: 50, pageNumber: 1 });
    expect(page.data).toHaveLength(10);
    expect(page.pageNumber).toBe(1);
    expect(page.totalRecords).toBe(
      sandbox.state.listDatabases()[0]!.placements,
    );
  });

  it("crawls every row once in id order", async () => {
    const jwt = await jwtFor();
    const ids: number[] = [];
    for (let pageNumber = 1; pageNumber < 50; pageNumber++) {
      const page = await searchPage(jwt, { pageSize: 10, pageNumber });
      ids.push(...page.data.map((row) => row.opportunityResourceId as number));
      if (page.data.length < 10) break;
    }
    const total = sandbox.state.listDatabases()[0]!.placements;
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("echoes the requested or served page size", async () => {
    const jwt = await jwtFor();
    const requested = await searchPage(jwt, { pageSize: 50, pageNumber: 1 });
    sandbox.state.updateSettings({ pageSizeInReply: "served" });
    const served = await searchPage(jwt, { pageSize: 50, pageNumber: 1 });
    expect(requested.pageSize).toBe(50);
    expect(served.pageSize).toBe(10);
  });

  it("returns an empty page past the end", async () => {
    const jwt = await jwtFor();
    const page = await searchPage(jwt, { pageSize: 10, pageNumber: 500 });
    expect(page.data).toEqual([]);
  });

  it("ignores job, status and text filters", async () => {
    const jwt = await jwtFor();
    const page = await searchPage(jwt, {
      pageSize: 10,
      pageNumber: 1,
      opportunityId: 1027,
      opportunityResourceStatusId: 5,
      searchText: "Kim",
    });
    const jobIds = new Set(page.data.map((row) => row.opportunityId));
    expect(jobIds.has(1026)).toBe(true);
    expect(page.totalRecords).toBe(
      sandbox.state.listDatabases()[0]!.placements,
    );
  });

  it("applies the job filter when the setting allows", async () => {
    sandbox.state.updateSettings({ ignoreSearchFilters: false });
    const jwt = await jwtFor();
    const page = await searchPage(jwt, {
      pageSize: 10,
      pageNumber: 1,
      opportunityId: 1027,
    });
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((row) => row.opportunityId === 1027)).toBe(true);
  });

  it("writes flat rows with string flags and local times", async () => {
    const jwt = await jwtFor();
    const page = await searchPage(jwt, { pageSize: 10, pageNumber: 1 });
    const row = page.data[0]!;
    expect(row.opportunityResourceId).toBe(52001);
    expect(row.resourceId).toBe(140001);
    expect(row.opportunityResourceStatusName).toBe("Shortlisted");
    expect(row.activeRecord).toBe("y");
    expect(row.payRate).toBe("0");
    // Seeded 2026-08-30 19:00 UTC, which is noon in Los Angeles (PDT).
    expect(row.createdDateTime).toBe("2026-08-30 12:00:00");
    expect(row.lastUpdatedDateTime).toBe("2026-08-30 13:00:00");
  });

  it("returns one placement by id with custom fields", async () => {
    const jwt = await jwtFor();
    const response = await get("/api/v1/OpportunityResource/52002", jwt);
    const row = (await response.json()) as Record<string, unknown>;
    expect(row.opportunityResourceId).toBe(52002);
    expect(row.customFields).toEqual([]);
  });
});

describe("local timestamps in two zones", () => {
  it("writes each database's wall-clock time", async () => {
    const demoJob = 1026;
    const mapleJob = 2001;
    const before = sandbox.state.now();
    const demo = sandbox.state.addApplicant("demo", {
      jobId: demoJob,
      firstName: "Time",
      surname: "West",
    });
    const maple = sandbox.state.addApplicant("maple", {
      jobId: mapleJob,
      firstName: "Time",
      surname: "East",
    });
    const demoRow = (await (
      await get(
        `/api/v1/OpportunityResource/${demo.placementId}`,
        await jwtFor(),
      )
    ).json()) as { createdDateTime: string };
    const mapleRow = (await (
      await get(
        `/api/v1/OpportunityResource/${maple.placementId}`,
        await jwtFor(CANADA_ACCESS_TOKEN),
      )
    ).json()) as { createdDateTime: string };

    expect(demoRow.createdDateTime).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    );
    const demoCreated = sandbox.state.getPlacement("demo", demo.placementId);
    const mapleCreated = sandbox.state.getPlacement("maple", maple.placementId);
    expect(demoCreated.createdAt).toBeGreaterThanOrEqual(before);
    expect(demoRow.createdDateTime).toBe(
      wallClock(demoCreated.createdAt, "America/Los_Angeles"),
    );
    expect(mapleRow.createdDateTime).toBe(
      wallClock(mapleCreated.createdAt, "America/Toronto"),
    );
    const hours = (text: string) => Date.parse(`${text.replace(" ", "T")}Z`);
    const gapHours =
      (hours(mapleRow.createdDateTime) - hours(demoRow.createdDateTime)) /
      3_600_000;
    expect(Math.round(gapHours)).toBe(3);
  });
});

describe("search index lag", () => {
  it("shows new rows and moves only after the lag", async () => {
    sandbox.state.updateSettings({ searchIndexLagMs: 3_600_000 });
    const jwt = await jwtFor();
    const before = await searchPage(jwt, { pageSize: 10, pageNumber: 1 });
    const added = sandbox.state.addApplicant("demo", {
      jobId: 1026,
      firstName: "Lagging",
      surname: "Row",
    });
    sandbox.state.movePlacement("demo", 52001, { statusId: 7 });

    const during = await searchPage(jwt, { pageSize: 10, pageNumber: 1 });
    expect(during.totalRecords).toBe(before.totalRecords);
    expect(during.data[0]!.opportunityResourceStatusId).toBe(4);
    const live = await get(
      `/api/v1/OpportunityResource/${added.placementId}`,
      jwt,
    );
    expect(live.status).toBe(200);

    sandbox.state.advanceClock(3_600_000);
    const after = await searchPage(jwt, { pageSize: 10, pageNumber: 1 });
    expect(after.totalRecords).toBe(before.totalRecords + 1);
    expect(after.data[0]!.opportunityResourceStatusId).toBe(7);
  });
});
