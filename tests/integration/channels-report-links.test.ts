import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET } from "@/app/report/[token]/route";
import { outboxMessages, reportLinks } from "@/db/schema";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import { submitForm } from "@/lib/channels/form/candidate-form";
import {
  createReportLink,
  listReportLinks,
  ReportLinkError,
  resolveReportToken,
  revokeReportLink,
  setReportLinkDays,
} from "@/lib/channels/report-links";
import { stopQueue } from "@/lib/queue/boss";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

const DAY = 86_400_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
});

async function completedScreening(email: string) {
  const demo = await createDemoScreening(database.db, {
    workflow: createDemoFormWorkflow(),
    candidate: { firstName: "Lee", lastName: "Lin", email, mobilePhone: null },
  });
  await startDemoScreening(database.db, demo.screeningId);
  const [message] = await database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, email));
  const token = message!.body.match(/\/form\/([A-Za-z0-9_-]+)/)![1]!;
  await submitForm(database.db, token, {
    "work-authorization": "yes",
    "years-experience": "5",
    shift: "Morning",
    motivation: "A customer could not sign in; I found the SSO bug.",
  });
  return demo;
}

function open(token: string) {
  return GET(new Request(`http://localhost:3000/report/${token}`), {
    params: Promise.resolve({ token }),
  });
}

describe("report links", () => {
  it("serves the PDF without sign-in", async () => {
    const demo = await completedScreening("lee.pdf@example.test");

    const response = await open(demo.reportToken);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toContain("no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("returns 404 before a result", async () => {
    const demo = await createDemoScreening(database.db, {
      workflow: createDemoFormWorkflow(),
      candidate: {
        firstName: "No",
        lastName: "Result",
        email: "none@example.test",
        mobilePhone: null,
      },
    });
    expect((await open(demo.reportToken)).status).toBe(404);
    expect((await open("x".repeat(64))).status).toBe(404);
  });

  it("expires after the workspace's days", async () => {
    const demo = await completedScreening("lee.expiry@example.test");
    await setReportLinkDays(database.db, demo.workspaceId, 7);

    const created = await createReportLink(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );
    const sixDays = new Date(Date.now() + 6 * DAY);
    const eightDays = new Date(Date.now() + 8 * DAY);

    expect(
      (await resolveReportToken(database.db, created.token, sixDays)).status,
    ).toBe("ok");
    expect(
      (await resolveReportToken(database.db, created.token, eightDays)).status,
    ).toBe("expired");
  });

  it("defaults to 30 days", async () => {
    const demo = await completedScreening("lee.default@example.test");
    await open(demo.reportToken);

    const [link] = await listReportLinks(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );
    const days = (link!.expiresAt.getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it("returns 410 once expired", async () => {
    const demo = await completedScreening("lee.gone@example.test");
    const created = await createReportLink(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );
    await database.db
      .update(reportLinks)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reportLinks.id, created.link.id));

    const response = await open(created.token);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("expired");
  });

  it("stops working once revoked", async () => {
    const demo = await completedScreening("lee.revoke@example.test");
    const [defaultLink] = await listReportLinks(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );

    const revoked = await revokeReportLink(
      database.db,
      demo.workspaceId,
      defaultLink!.id,
      null,
    );

    expect(revoked).toBe(true);
    const response = await open(demo.reportToken);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain("revoked");
    // A new link still works after the old one was revoked.
    const fresh = await createReportLink(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );
    expect((await open(fresh.token)).status).toBe(200);
  });

  it("revokes only inside its workspace", async () => {
    const demo = await completedScreening("lee.scope@example.test");
    const other = await completedScreening("lee.other@example.test");
    const created = await createReportLink(
      database.db,
      demo.workspaceId,
      demo.screeningId,
    );

    const revoked = await revokeReportLink(
      database.db,
      other.workspaceId,
      created.link.id,
      null,
    );

    expect(revoked).toBe(false);
    expect((await open(created.token)).status).toBe(200);
  });
});

describe("createReportLink", () => {
  it("rejects another workspace's screening", async () => {
    const demo = await completedScreening("lee.cross@example.test");
    const other = await completedScreening("lee.cross2@example.test");

    await expect(
      createReportLink(database.db, other.workspaceId, demo.screeningId),
    ).rejects.toBeInstanceOf(ReportLinkError);
  });
});
