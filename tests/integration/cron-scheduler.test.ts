/**
 * The embedded scheduler: cron expressions, and calls to the cron routes
 * over HTTP on a loopback server with the bearer secret.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  CronExpressionError,
  cronMatches,
  parseCronExpression,
} from "@/lib/scheduler/cron-expression";
import type { RunningScheduler } from "@/lib/scheduler/embedded-scheduler";
import vercel from "@/vercel.json";

describe("cron expression", () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    ["* * * * *", "2026-12-04T16:37:00Z", true],
    ["*/5 * * * *", "2026-12-04T16:35:00Z", true],
    ["*/5 * * * *", "2026-12-04T16:36:00Z", false],
    ["5/15 * * * *", "2026-12-04T16:50:00Z", true],
    ["0 9-17 * * 1-5", "2026-12-04T09:00:00Z", true],
    ["0 9-17 * * 1-5", "2026-12-05T09:00:00Z", false],
    ["30 2 1,15 * *", "2026-12-15T02:30:00Z", true],
    ["30 2 1,15 * *", "2026-12-14T02:30:00Z", false],
  ])("%s at %s is %s", (expression, time, expected) => {
    expect(cronMatches(parseCronExpression(expression), at(time))).toBe(
      expected,
    );
  });

  it.each([
    "* * * *",
    "60 * * * *",
    "*/0 * * * *",
    "MON * * * *",
    "5-1 * * * *",
  ])("rejects %s", (expression) => {
    expect(() => parseCronExpression(expression)).toThrow(CronExpressionError);
  });
});

describe("embedded scheduler", () => {
  const SECRET = "scheduler-test-secret";
  let server: Server;
  let baseUrl: string;
  let calls: { path: string; authorization: string | undefined }[];
  let releaseSlow: (() => void) | undefined;
  let scheduler: RunningScheduler | undefined;

  beforeEach(async () => {
    vi.resetModules();
    process.env.CRON_SECRET = SECRET;
    calls = [];
    server = createServer((request, response) => {
      calls.push({
        path: request.url ?? "",
        authorization: request.headers.authorization,
      });
      if (request.url === "/api/cron/slow") {
        releaseSlow = () => response.end("{}");
        return;
      }
      response.end("{}");
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    scheduler?.stop();
    scheduler = undefined;
    releaseSlow?.();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    delete process.env.CRON_SECRET;
  });

  async function start(crons: { path: string; schedule: string }[]) {
    const { startEmbeddedScheduler } =
      await import("@/lib/scheduler/embedded-scheduler");
    scheduler = startEmbeddedScheduler({ baseUrl, crons });
    return scheduler;
  }

  it("calls due routes with the secret", async () => {
    const running = await start([
      { path: "/api/cron/sync", schedule: "* * * * *" },
      { path: "/api/cron/maintenance", schedule: "*/5 * * * *" },
    ]);

    await running.tick(new Date("2026-12-04T16:35:00Z"));
    await running.tick(new Date("2026-12-04T16:36:00Z"));

    expect(calls.map((call) => call.path)).toEqual([
      "/api/cron/sync",
      "/api/cron/maintenance",
      "/api/cron/sync",
    ]);
    expect(
      calls.every((call) => call.authorization === `Bearer ${SECRET}`),
    ).toBe(true);
  });

  it("skips a route still running", async () => {
    const running = await start([
      { path: "/api/cron/slow", schedule: "* * * * *" },
    ]);

    const first = running.tick(new Date("2026-12-04T16:35:00Z"));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await running.tick(new Date("2026-12-04T16:36:00Z"));
    expect(calls).toHaveLength(1);

    releaseSlow?.();
    await first;
    const third = running.tick(new Date("2026-12-04T16:37:00Z"));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    releaseSlow?.();
    await third;
  });

  it("reads its schedule from vercel.json", async () => {
    const { startEmbeddedScheduler } =
      await import("@/lib/scheduler/embedded-scheduler");
    scheduler = startEmbeddedScheduler({ baseUrl });
    expect(scheduler.routes.map((route) => route.path).sort()).toEqual(
      vercel.crons.map((cron) => cron.path).sort(),
    );
  });
});
