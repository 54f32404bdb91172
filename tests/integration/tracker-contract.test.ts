/**
 * The client's contract with Tracker, run against the in-process sandbox
 * always, and against a real Tracker when TRACKER_TEST_REGION and
 * TRACKER_TEST_TOKEN are set. Against a real Tracker only the read-only
 * tests run; fault tests need the sandbox's control API.
 *
 * Real Tracker settings: TRACKER_TEST_REGION (US, CA or Other),
 * TRACKER_TEST_TOKEN, optional TRACKER_TEST_API_VERSION (default 1),
 * TRACKER_TEST_TIME_ZONE (default by region), TRACKER_TEST_JOB_ID.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  trackerConnections,
  trackerRequestLog,
  trackerSessions,
  type TrackerConnection,
} from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { ensureWorkspace } from "@/lib/demo/seed";
import {
  checkTrackerConnection,
  createLiveCheckClient,
  createTrackerClient,
  defaultTimeZone,
  TrackerAuthError,
  TrackerNotFoundError,
  TrackerRateLimitError,
  TrackerUnavailableError,
  type ClientTuning,
  type TrackerClient,
  type TrackerRegion,
} from "@/lib/tracker";
import {
  CANADA_ACCESS_TOKEN,
  DEMO_ACCESS_TOKEN,
  startSandbox,
  type RunningSandbox,
  type SandboxSettings,
} from "@/lib/tracker-sandbox";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

// Small delays so retries finish quickly in tests.
const FAST: ClientTuning = {
  timeoutMs: 2_000,
  backoff: { baseDelayMs: 20, maxDelayMs: 200 },
};

let database: TestDatabase;
let sandbox: RunningSandbox;
let workspaceCount = 0;

beforeAll(async () => {
  database = await useTestDatabase();
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
  await database?.drop();
});

type ConnectionInput = {
  accessToken: string;
  region: TrackerRegion;
  timeZone: string;
  apiVersion?: number;
  baseUrl?: string | null;
};

async function insertConnection(
  input: ConnectionInput,
): Promise<TrackerConnection> {
  workspaceCount += 1;
  const workspace = await ensureWorkspace(database.db, {
    name: `Contract ${workspaceCount}`,
    slug: `contract-${workspaceCount}`,
  });
  const [row] = await database.db
    .insert(trackerConnections)
    .values({
      workspaceId: workspace.id,
      region: input.region,
      apiVersion: input.apiVersion ?? 1,
      baseUrl: input.baseUrl ?? null,
      accessTokenEncrypted: encryptSecret(input.accessToken),
      accessTokenLast4: input.accessToken.slice(-4),
      timeZone: input.timeZone,
    })
    .returning();
  return row!;
}

/**
 * Resets the sandbox, the request budget and the stored JWTs: every
 * sandboxed connection here shares the demo token, so it shares one token
 * key, and the sandbox forgets its rate window and JWTs on reset.
 */
async function resetSandbox() {
  sandbox.state.reset();
  // eslint-disable-next-line drizzle/enforce-delete-with-where -- every row
  await database.db.delete(trackerRequestLog);
  // eslint-disable-next-line drizzle/enforce-delete-with-where -- every row
  await database.db.delete(trackerSessions);
}

function requestsTo(pathPart: string, afterId = 0) {
  return sandbox.state
    .requestLog({ afterId })
    .filter((entry) => entry.path.toLowerCase().includes(pathPart));
}

function lastLogId(): number {
  return sandbox.state.requestLog().at(-1)?.id ?? 0;
}

async function firstCandidateId(client: TrackerClient): Promise<number> {
  const crawl = client.crawlPlacements();
  const { value: page } = await crawl.next();
  await crawl.return(undefined);
  return page!.rows[0]!.candidateId;
}

type Target = {
  name: string;
  connection: () => ConnectionInput;
  sandboxed: boolean;
  jobId?: number;
};

const realRegion = process.env.TRACKER_TEST_REGION as TrackerRegion | undefined;
const realToken = process.env.TRACKER_TEST_TOKEN;
const realTracker = Boolean(realRegion && realToken);

if (!realTracker) {
  console.log(
    "tracker-contract: real Tracker suite skipped; set TRACKER_TEST_REGION " +
      "(US, CA or Other) and TRACKER_TEST_TOKEN to run it read-only",
  );
}

const targets: Target[] = [
  {
    name: "sandbox",
    sandboxed: true,
    jobId: 0,
    connection: () => ({
      accessToken: DEMO_ACCESS_TOKEN,
      region: "Sandbox",
      timeZone: "America/Los_Angeles",
      baseUrl: sandbox.url,
    }),
  },
  {
    name: "real Tracker",
    sandboxed: false,
    jobId: process.env.TRACKER_TEST_JOB_ID
      ? Number(process.env.TRACKER_TEST_JOB_ID)
      : undefined,
    connection: () => ({
      accessToken: realToken!,
      region: realRegion!,
      apiVersion: Number(process.env.TRACKER_TEST_API_VERSION ?? 1),
      timeZone:
        process.env.TRACKER_TEST_TIME_ZONE ?? defaultTimeZone(realRegion!),
    }),
  },
];

describe.each(targets)("Tracker contract: $name", (target) => {
  const skip = target.name === "real Tracker" && !realTracker;
  const sandboxOnly = !target.sandboxed;
  let client: TrackerClient;
  let connectionRow: TrackerConnection;
  let jobId: number | undefined;

  beforeEach(async () => {
    if (skip) return;
    if (target.sandboxed) {
      await resetSandbox();
    }
    connectionRow = await insertConnection(target.connection());
    client = await createTrackerClient(connectionRow, FAST, database.db);
    jobId = target.sandboxed
      ? sandbox.state.listJobs("demo")[0]!.id
      : target.jobId;
  });

  describe.skipIf(skip)("reads", () => {
    it("exchanges the token and lists stages", async () => {
      const stages = await client.listStages();
      expect(stages.length).toBeGreaterThan(0);
      for (const stage of stages) {
        expect(Number.isInteger(stage.id)).toBe(true);
        expect(stage.name).not.toBe("");
      }
      if (target.sandboxed) {
        const groups = new Set(stages.map((stage) => stage.group));
        expect(groups.size).toBeGreaterThanOrEqual(6);
        expect(requestsTo("exchangetoken")).toHaveLength(1);
      }
    });

    it.skipIf(target.jobId === undefined)("reads a job", async () => {
      const job = await client.getJob(jobId!);
      expect(job.id).toBe(jobId);
      expect(job.title).toBeTruthy();
    });

    it("pages placements through the 10-row cap", async () => {
      const limit = target.sandboxed ? Infinity : 3;
      const seen = new Set<number>();
      let pages = 0;
      let last = false;
      for await (const page of client.crawlPlacements()) {
        pages += 1;
        expect(page.pageNumber).toBe(pages);
        expect(page.rows.length + page.skipped.length).toBeLessThanOrEqual(10);
        for (const row of page.rows) seen.add(row.id);
        last = page.isLastPage;
        if (pages >= limit) break;
      }
      expect(seen.size).toBeGreaterThan(0);
      if (target.sandboxed) {
        const total = sandbox.state.listDatabases()[0]!.placements;
        expect(last).toBe(true);
        expect(seen.size).toBe(total);
        expect(pages).toBe(Math.floor(total / 10) + 1);
      }
    });

    it("resumes a crawl from a page number", async () => {
      const first: number[][] = [];
      for await (const page of client.crawlPlacements()) {
        first.push(page.rows.map((row) => row.id));
        if (first.length === 3) break;
      }
      const resumed = client.crawlPlacements({ startPage: 3 });
      const third = await resumed.next();
      await resumed.return(undefined);
      expect(third.value?.pageNumber).toBe(3);
      expect(third.value?.rows.map((row) => row.id)).toEqual(first[2]);
    });

    it("reads a candidate with contact details", async () => {
      const crawl = client.crawlPlacements();
      const { value: page } = await crawl.next();
      await crawl.return(undefined);
      const candidateId = page!.rows[0]!.candidateId;
      const candidate = await client.getCandidate(candidateId);
      expect(candidate.id).toBe(candidateId);
      expect(candidate.fullName).toBeTruthy();
      expect(Array.isArray(candidate.phones)).toBe(true);
    });

    it("rejects an unknown job as not found", async () => {
      const error = await client.getJob(987_654_321).catch((e) => e);
      expect(error).toBeInstanceOf(TrackerNotFoundError);
      expect(error.status).toBe(404);
      expect(error.message).toContain("987654321");
    });
  });

  describe.skipIf(skip || sandboxOnly)("sandbox behaviours", () => {
    it("sees rows of every job because filters are ignored", async () => {
      const jobs = new Set<number>();
      for await (const page of client.crawlPlacements()) {
        for (const row of page.rows) jobs.add(row.jobId);
      }
      const seeded = sandbox.state.listJobs("demo").map((job) => job.id);
      const withPlacements = seeded.filter((id) => jobs.has(id));
      expect(jobs.size).toBeGreaterThan(1);
      expect(withPlacements.length).toBe(jobs.size);
    });

    it("downloads a resume and writes back", async () => {
      let candidateId = 0;
      let documentId = 0;
      for await (const page of client.crawlPlacements()) {
        for (const row of page.rows) {
          const documents = await client.listDocuments(row.candidateId);
          const pdf = documents.find((doc) => doc.filename?.endsWith(".pdf"));
          if (pdf) {
            candidateId = row.candidateId;
            documentId = pdf.id;
            break;
          }
        }
        if (candidateId) break;
      }
      expect(candidateId).toBeGreaterThan(0);

      const file = await client.downloadDocument(candidateId, documentId);
      expect(file.content.subarray(0, 5).toString()).toBe("%PDF-");
      expect(file.filename).toMatch(/\.pdf$/);

      const activity = await client.createActivity({
        candidateId,
        jobId,
        subject: "AI screening result: 82/100",
        note: "Score: 82/100\nTracker Relay ref: test-1",
      });
      const listed = await client.listActivities(candidateId);
      expect(listed.map((item) => item.id)).toContain(activity.id);
      expect(listed.find((item) => item.id === activity.id)?.note).toContain(
        "Tracker Relay ref: test-1",
      );

      const upload = await client.attachDocument(candidateId, {
        filename: "screening-report.pdf",
        documentType: "Screening Report",
        content: file.content,
      });
      const uploaded = sandbox.state.listUploadedDocuments("demo");
      expect(uploaded.map((doc) => doc.id)).toContain(upload.id);
    });

    it("reads local timestamps in two time zones", async () => {
      const zones = [
        { name: "demo", token: DEMO_ACCESS_TOKEN },
        { name: "maple", token: CANADA_ACCESS_TOKEN },
      ];
      for (const zone of zones) {
        const summary = sandbox.state
          .listDatabases()
          .find((item) => item.name === zone.name)!;
        const row = await insertConnection({
          accessToken: zone.token,
          region: "Sandbox",
          baseUrl: sandbox.url,
          timeZone: summary.timeZone,
        });
        const zoneClient = await createTrackerClient(row, FAST, database.db);
        const crawl = zoneClient.crawlPlacements();
        const { value: page } = await crawl.next();
        await crawl.return(undefined);
        expect(page!.rows.length).toBeGreaterThan(0);
        for (const placement of page!.rows) {
          const truth = sandbox.state.getPlacement(zone.name, placement.id);
          expect(placement.createdAt?.getTime()).toBe(
            Math.floor(truth.createdAt / 1000) * 1000,
          );
        }
      }
    });

    it("shares one live JWT between two callers", async () => {
      const other = await createTrackerClient(connectionRow, FAST, database.db);
      const calls = [client, other].flatMap((caller) =>
        Array.from({ length: 5 }, () => caller.listStages()),
      );
      await Promise.all(calls);
      expect(requestsTo("exchangetoken")).toHaveLength(1);
      expect(requestsTo("metadata").every((e) => e.status === 200)).toBe(true);

      // A third party's exchange kills the stored JWT; each client
      // recovers with one new exchange between them, not one each.
      await createLiveCheckClient({
        accessToken: DEMO_ACCESS_TOKEN,
        region: "Sandbox",
        baseUrl: sandbox.url,
      }).listStages();
      const before = lastLogId();
      await Promise.all([client.listStages(), other.listStages()]);
      await Promise.all([client.listStages(), other.listStages()]);
      expect(requestsTo("exchangetoken", before)).toHaveLength(1);
      const statuses = requestsTo("metadata", before).map((e) => e.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    });

    it("waits out a 429 storm", async () => {
      await client.listStages();
      sandbox.state.updateSettings({ stormRetryAfterSeconds: 1 });
      sandbox.state.setFaults({ rateLimitStorm: 2 });
      const startedAt = Date.now();
      const before = client.requestCount;
      await client.listStages();
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_900);
      expect(client.requestCount - before).toBe(3);
    });

    it("gives up on a long 429 storm", async () => {
      await client.listStages();
      sandbox.state.updateSettings({ stormRetryAfterSeconds: 0 });
      sandbox.state.setFaults({ rateLimitStorm: 10 });
      const error = await client.listStages().catch((e) => e);
      expect(error).toBeInstanceOf(TrackerRateLimitError);
      expect(error.status).toBe(429);
      expect(error.message).toContain("listStages");
    });

    it("retries a 5xx burst", async () => {
      await client.listStages();
      sandbox.state.setFaults({ serverErrors: 2, serverErrorStatus: 502 });
      await expect(client.listStages()).resolves.not.toHaveLength(0);

      sandbox.state.setFaults({ serverErrors: 10, serverErrorStatus: 503 });
      const error = await client.listStages().catch((e) => e);
      expect(error).toBeInstanceOf(TrackerUnavailableError);
      expect(error.status).toBe(503);
      sandbox.state.clearFaults();
    });

    it("does not repeat a write after a 500", async () => {
      const candidateId = await firstCandidateId(client);
      sandbox.state.setFaults({ serverErrors: 1, serverErrorStatus: 500 });
      const error = await client
        .createActivity({ candidateId, subject: "Once", note: "n" })
        .catch((e) => e);
      expect(error).toBeInstanceOf(TrackerUnavailableError);
      expect(error.mayHaveCommitted).toBe(true);
      expect(requestsTo("/activity")).toHaveLength(1);
    });

    it("retries a slow reply past the timeout", async () => {
      const slow = await createTrackerClient(
        connectionRow,
        { ...FAST, timeoutMs: 300 },
        database.db,
      );
      await slow.listStages();
      sandbox.state.setFaults({ slowReplies: 1, slowReplyMs: 1_000 });
      const before = slow.requestCount;
      await expect(slow.listStages()).resolves.not.toHaveLength(0);
      expect(slow.requestCount - before).toBe(2);

      sandbox.state.setFaults({ slowReplies: 10, slowReplyMs: 600 });
      const error = await slow.listStages().catch((e) => e);
      expect(error).toBeInstanceOf(TrackerUnavailableError);
      expect(error.message).toContain("no reply within 300 ms");
      sandbox.state.clearFaults();
    });

    it("retries a reset connection on a read", async () => {
      await client.listStages();
      sandbox.state.setFaults({ resetConnections: 2 });
      await expect(client.listStages()).resolves.not.toHaveLength(0);
    });

    it("reports a write whose reply was lost", async () => {
      const candidateId = await firstCandidateId(client);
      sandbox.state.setFaults({ dropAfterWrite: 1 });
      const error = await client
        .createActivity({
          candidateId,
          subject: "Lost reply",
          note: "Tracker Relay ref: lost-1",
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(TrackerUnavailableError);
      expect(error.mayHaveCommitted).toBe(true);

      const activities = await client.listActivities(candidateId);
      const matches = activities.filter((item) =>
        item.note?.includes("Tracker Relay ref: lost-1"),
      );
      expect(matches).toHaveLength(1);
    });

    it("fails with TrackerAuthError after token regeneration", async () => {
      await client.listStages();
      sandbox.state.regenerateAccessToken("demo");
      const error = await client.listStages().catch((e) => e);
      expect(error).toBeInstanceOf(TrackerAuthError);
      expect(error.message).toContain("access token no longer valid");
      expect(error.message).not.toContain(DEMO_ACCESS_TOKEN);
      // One retry through a fresh exchange, which Tracker refuses.
      const exchanges = requestsTo("exchangetoken").map((e) => e.status);
      expect(exchanges).toEqual([200, 401]);
    });

    it("tells the connect form what failed", async () => {
      const base = {
        accessToken: DEMO_ACCESS_TOKEN,
        region: "Sandbox" as const,
        baseUrl: sandbox.url,
      };
      const good = await checkTrackerConnection(base, FAST);
      expect(good.ok).toBe(true);
      expect(good.ok ? good.stages.length : 0).toBeGreaterThan(0);

      const wrongToken = await checkTrackerConnection(
        { ...base, accessToken: "f".repeat(32) },
        FAST,
      );
      expect(wrongToken).toMatchObject({ ok: false, reason: "token_rejected" });

      const wrongVersion = await checkTrackerConnection(
        { ...base, apiVersion: 9 },
        FAST,
      );
      expect(wrongVersion).toMatchObject({
        ok: false,
        reason: "version_not_served",
      });

      const closed = await startSandbox({ port: 0, seedDemo: false });
      await closed.close();
      const unreachable = await checkTrackerConnection(
        { ...base, baseUrl: closed.url },
        FAST,
      );
      expect(unreachable).toMatchObject({ ok: false, reason: "unreachable" });
    });

    it("repairs double-encoded names", async () => {
      const mangled = [...sandbox.state.database("demo").candidates.values()]
        .filter((candidate) => /Ã|Â/.test(candidate.firstName))
        .slice(0, 3);
      expect(mangled.length).toBeGreaterThan(0);
      for (const raw of mangled) {
        const candidate = await client.getCandidate(raw.id);
        const expected = Buffer.from(raw.firstName, "latin1").toString("utf8");
        expect(candidate.firstName).toBe(expected);
        expect(candidate.fullName).not.toMatch(/Ã|Â/);
      }

      const names: string[] = [];
      for await (const page of client.crawlPlacements()) {
        for (const row of page.rows) names.push(row.candidateName ?? "");
      }
      expect(names.filter((name) => /Ã|Â/.test(name))).toEqual([]);
    });

    it("skips a malformed row without losing the page", async () => {
      sandbox.state.setFaults({ malformedRows: 4 });
      const skippedPages: number[] = [];
      let rows = 0;
      let pages = 0;
      for await (const page of client.crawlPlacements()) {
        pages += 1;
        rows += page.rows.length;
        if (page.skipped.length > 0) skippedPages.push(page.pageNumber);
        expect(page.skipped.length).toBeLessThanOrEqual(1);
      }
      const total = sandbox.state.listDatabases()[0]!.placements;
      expect(skippedPages).toEqual([1, 2, 3, 4]);
      expect(rows).toBe(total - 4);
      expect(pages).toBe(Math.floor(total / 10) + 1);
    });
  });
});

// Readings of Tracker's gaps that the sandbox can switch between; the
// client must read the same data under each.
const sandboxModes: { name: string; settings: Partial<SandboxSettings> }[] = [
  { name: "PascalCase keys", settings: { responseKeyCasing: "PascalCase" } },
  { name: "UTC JWT expiry", settings: { expirationFormat: "utc" } },
  { name: "several live JWTs", settings: { singleLiveJwt: false } },
  {
    name: "other document keys",
    settings: {
      documentIdKey: "id",
      documentFilenameKey: "name",
      documentContentKey: "fileContent",
      documentListEnvelope: "documents",
    },
  },
  { name: "status category key", settings: { statusGroupKey: "category" } },
];

describe.each(sandboxModes)("Tracker contract mode: $name", (mode) => {
  it("reads stages, placements and resumes", async () => {
    await resetSandbox();
    sandbox.state.updateSettings(mode.settings);
    const row = await insertConnection({
      accessToken: DEMO_ACCESS_TOKEN,
      region: "Sandbox",
      timeZone: "America/Los_Angeles",
      baseUrl: sandbox.url,
    });
    const client = await createTrackerClient(row, FAST, database.db);

    const stages = await client.listStages();
    expect(stages.every((stage) => stage.group !== null)).toBe(true);

    const crawl = client.crawlPlacements();
    const { value: page } = await crawl.next();
    await crawl.return(undefined);
    expect(page!.rows).toHaveLength(10);
    expect(page!.skipped).toHaveLength(0);
    expect(page!.rows[0]!.createdAt).toBeInstanceOf(Date);

    let downloaded = false;
    for (const placement of page!.rows) {
      const candidate = await client.getCandidate(placement.candidateId);
      expect(candidate.fullName).toBeTruthy();
      const [document] = await client.listDocuments(placement.candidateId);
      if (!document) continue;
      expect(document.filename).toBeTruthy();
      const file = await client.downloadDocument(
        placement.candidateId,
        document.id,
      );
      expect(file.content.length).toBeGreaterThan(100);
      downloaded = true;
      break;
    }
    expect(downloaded).toBe(true);

    const exchanges = requestsTo("exchangetoken");
    expect(exchanges).toHaveLength(1);
  });
});
