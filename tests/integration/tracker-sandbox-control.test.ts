import mammoth from "mammoth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  DEMO_ACCESS_TOKEN,
  startSandbox,
  type RunningSandbox,
} from "@/lib/tracker-sandbox";

// The control API, fault injection, rate limit and write-back routes,
// over HTTP on loopback.

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

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
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

function get(path: string, jwt: string) {
  return fetch(`${sandbox.url}${path}`, {
    headers: { Authorization: `Bearer ${jwt}` },
  });
}

function post(path: string, jwt: string, body: unknown) {
  return fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${jwt}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

async function searchRows(jwt: string, pageNumber: number) {
  const response = await post("/api/v1/OpportunityResource/Search", jwt, {
    pageSize: 10,
    pageNumber,
  });
  return (await response.json()) as {
    data: (Record<string, unknown> | null)[];
    totalRecords: number;
  };
}

describe("seeded demo database", () => {
  it("holds the jobs, statuses and candidates the demo needs", () => {
    const state = sandbox.state;
    const jobs = state.listJobs("demo");
    const statuses = state.listStatuses("demo");
    const database = state.database("demo");
    const candidates = [...database.candidates.values()];

    expect(jobs.length).toBeGreaterThanOrEqual(4);
    expect(jobs.some((job) => job.closed)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(12);
    expect(new Set(statuses.map((s) => s.group)).size).toBeGreaterThanOrEqual(
      6,
    );
    expect(database.placements.length).toBeGreaterThanOrEqual(60);
    expect(candidates.some((c) => c.firstName === "Łukasz")).toBe(true);
    expect(candidates.some((c) => c.surname === "李")).toBe(true);
    expect(candidates.some((c) => c.firstName.includes("Ã"))).toBe(true);
    expect(candidates.some((c) => c.email === null)).toBe(true);
    expect(candidates.some((c) => c.mobilePhone === null)).toBe(true);
    const noDocuments = candidates.filter(
      (c) => database.listDocuments(c.id).length === 0,
    );
    expect(noDocuments.length).toBeGreaterThan(0);
  });

  it("places the React resumes on the senior React job", () => {
    const database = sandbox.state.database("demo");
    const react = database.placements.filter((p) => p.jobId === 1026);
    const filenames = react.flatMap((placement) =>
      database.listDocuments(placement.resourceId).map((d) => d.filename),
    );
    expect(sandbox.state.listJobs("demo")[0]!.name).toBe(
      "Senior React Developer",
    );
    expect(filenames).toContain("sarah-johnson-senior-react-developer.pdf");
    expect(filenames).toContain("jessica-williams-frontend-engineer.pdf");
    expect(filenames).toContain("michael-chen-full-stack-engineer.pdf");
  });

  it("builds the same data on every start", async () => {
    const other = await startSandbox({ port: 0 });
    try {
      const first = sandbox.state.database("demo");
      const second = other.state.database("demo");
      expect(
        second.placements.map((p) => [p.id, p.statusId, p.createdAt]),
      ).toEqual(first.placements.map((p) => [p.id, p.statusId, p.createdAt]));
      const firstDocx = first.documents.get(9010)!.content;
      expect(second.documents.get(9010)!.content.equals(firstDocx)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe("resumes", () => {
  it("serves a fixture PDF as base64", async () => {
    const jwt = await jwtFor();
    const list = (await (
      await get("/api/v1/Resource/140001/Documents", jwt)
    ).json()) as {
      documentId: number;
      filename: string;
      isPrimary: boolean;
    }[];
    expect(list[0]!.isPrimary).toBe(true);
    const file = (await (
      await get(`/api/v1/Resource/140001/Document/${list[0]!.documentId}`, jwt)
    ).json()) as { filename: string; filecontent: string };
    const bytes = Buffer.from(file.filecontent, "base64");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("serves a generated DOCX as a zip", async () => {
    const database = sandbox.state.database("demo");
    const docx = [...database.documents.values()].find((d) =>
      d.filename.endsWith(".docx"),
    )!;
    const jwt = await jwtFor();
    const file = (await (
      await get(`/api/v1/Resource/${docx.resourceId}/Document/${docx.id}`, jwt)
    ).json()) as { filecontent: string };
    const bytes = Buffer.from(file.filecontent, "base64");
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    expect(bytes.includes(Buffer.from("word/document.xml"))).toBe(true);
  });

  it("serves a DOCX that mammoth reads", async () => {
    const database = sandbox.state.database("demo");
    const docx = [...database.documents.values()].find(
      (d) => d.documentType === "Resume" && d.filename.endsWith(".docx"),
    )!;
    const candidate = database.candidates.get(docx.resourceId)!;
    const { value } = await mammoth.extractRawText({ buffer: docx.content });
    expect(value).toContain("PROFESSIONAL SUMMARY");
    expect(value).toContain(candidate.skills[0]);
  });

  it("answers 404 for a document of another candidate", async () => {
    const jwt = await jwtFor();
    const response = await get("/api/v1/Resource/140002/Document/9001", jwt);
    expect(response.status).toBe(404);
  });
});

describe("write-back", () => {
  it("stores an activity and lists it", async () => {
    const jwt = await jwtFor();
    const created = await post("/api/v1/Activity", jwt, {
      recordType: "Resource",
      recordId: 140001,
      opportunityId: 1026,
      subject: "AI interview result",
      note: "Score: 82/100\nRef: relay-1",
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const listed = (await (
      await get("/api/v1/Resource/140001/Activities", jwt)
    ).json()) as { id: number; note: string; opportunityId: number }[];
    expect(listed.map((a) => a.id)).toEqual([id]);
    expect(listed[0]!.opportunityId).toBe(1026);
    const written = await control("GET", "databases/demo/activities");
    expect((written.body as { subject: string }[])[0]!.subject).toBe(
      "AI interview result",
    );
  });

  it("rejects an activity on a missing record with 400", async () => {
    const jwt = await jwtFor();
    const response = await post("/api/v1/Activity", jwt, {
      recordType: "Resource",
      recordId: 1,
      subject: "x",
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as {
      title: string;
      status: number;
      errors: Record<string, string[]>;
    };
    expect(problem.status).toBe(400);
    expect(problem.errors.RecordId).toBeDefined();
  });

  it("rejects an unknown record type with 400", async () => {
    const jwt = await jwtFor();
    const response = await post("/api/v1/Activity", jwt, {
      recordType: "Spaceship",
      recordId: 140001,
      subject: "x",
    });
    const problem = (await response.json()) as {
      errors: Record<string, string[]>;
    };
    expect(response.status).toBe(400);
    expect(problem.errors.RecordType).toBeDefined();
  });

  it("stores an uploaded document", async () => {
    const jwt = await jwtFor();
    const content = Buffer.from("%PDF-1.4 report").toString("base64");
    const created = await post("/api/v1/Resource/140002/Documents", jwt, {
      filename: "screening-report.pdf",
      documentType: "Screening Report",
      filecontent: content,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const file = (await (
      await get(`/api/v1/Resource/140002/Document/${id}`, jwt)
    ).json()) as { filecontent: string };
    expect(file.filecontent).toBe(content);
    const written = await control("GET", "databases/demo/documents");
    const documents = written.body as { id: number; filename: string }[];
    expect(documents.map((d) => d.id)).toEqual([id]);
  });

  it("rejects a document that is not base64", async () => {
    const jwt = await jwtFor();
    const response = await post("/api/v1/Resource/140002/Documents", jwt, {
      filename: "bad.pdf",
      filecontent: "not base64!",
    });
    expect(response.status).toBe(400);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After after 100 requests a minute", async () => {
    const jwt = await jwtFor();
    // The exchange above counted as the first request.
    for (let index = 0; index < 99; index++) {
      const response = await get("/api/v1/Opportunity/1026", jwt);
      expect(response.status).toBe(200);
    }
    const limited = await get("/api/v1/Opportunity/1026", jwt);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("frees the window after a minute", async () => {
    sandbox.state.updateSettings({ rateLimitPerMinute: 3 });
    const jwt = await jwtFor();
    await get("/api/v1/Opportunity/1026", jwt);
    await get("/api/v1/Opportunity/1026", jwt);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(429);
    sandbox.state.advanceClock(60_000);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(200);
  });

  it("counts the token exchange", async () => {
    sandbox.state.updateSettings({ rateLimitPerMinute: 2 });
    await jwtFor();
    await jwtFor();
    const third = await fetch(`${sandbox.url}/api/Auth/ExchangeToken`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ bearerToken: DEMO_ACCESS_TOKEN }),
    });
    expect(third.status).toBe(429);
  });
});

describe("fault modes", () => {
  it("sends a 429 storm, then recovers", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", { rateLimitStorm: 2 });
    const first = await get("/api/v1/Opportunity/1026", jwt);
    const second = await get("/api/v1/Opportunity/1026", jwt);
    const third = await get("/api/v1/Opportunity/1026", jwt);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect(second.status).toBe(429);
    expect(third.status).toBe(200);
  });

  it("sends a burst of server errors", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", {
      serverErrors: 2,
      serverErrorStatus: 502,
    });
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(502);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(502);
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(200);
  });

  it("delays slow replies", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", { slowReplies: 1, slowReplyMs: 300 });
    const started = performance.now();
    const response = await get("/api/v1/Opportunity/1026", jwt);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("drops the connection after committing a write", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", { dropAfterWrite: 1 });
    await expect(
      post("/api/v1/Activity", jwt, {
        recordType: "Resource",
        recordId: 140003,
        subject: "committed but unanswered",
      }),
    ).rejects.toThrow();
    const listed = (await (
      await get("/api/v1/Resource/140003/Activities", jwt)
    ).json()) as { subject: string }[];
    expect(listed.map((a) => a.subject)).toEqual(["committed but unanswered"]);
  });

  it("resets a connection without handling it", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", { resetConnections: 1 });
    await expect(get("/api/v1/Opportunity/1026", jwt)).rejects.toThrow();
    expect((await get("/api/v1/Opportunity/1026", jwt)).status).toBe(200);
  });

  it("corrupts one row on the next search page", async () => {
    const jwt = await jwtFor();
    await control("PATCH", "faults", { malformedRows: 1 });
    const broken = await searchRows(jwt, 1);
    const clean = await searchRows(jwt, 1);
    expect(broken.data).not.toEqual(clean.data);
    expect(broken.data[1]!.opportunityResourceStatusId).toBe("n/a");
  });

  it("repeats the previous search page", async () => {
    const jwt = await jwtFor();
    const first = await searchRows(jwt, 1);
    await control("PATCH", "faults", { repeatedPages: 1 });
    const repeated = await searchRows(jwt, 2);
    const second = await searchRows(jwt, 2);
    expect(repeated.data).toEqual(first.data);
    expect(second.data).not.toEqual(first.data);
  });

  it("clears every fault", async () => {
    await control("PATCH", "faults", { serverErrors: 5 });
    const cleared = await control("DELETE", "faults");
    expect((cleared.body as { serverErrors: number }).serverErrors).toBe(0);
  });

  it("rejects an unknown fault name", async () => {
    const response = await control("PATCH", "faults", { meteorStrike: 1 });
    expect(response.status).toBe(400);
  });
});
