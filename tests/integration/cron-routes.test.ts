/**
 * The cron route handlers, called directly with a Request: the bearer
 * check fails closed, and an authorized call runs the work on a real
 * database.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";

import { stopQueue } from "@/lib/queue/boss";

import {
  // Renamed: the React hooks lint rule reads any use* call as a hook.
  useTestDatabase as installTestDatabase,
  type TestDatabase,
} from "../helpers/database";

type CronRoute = {
  GET: (request: Request) => Promise<Response>;
  dynamic: string;
  maxDuration: number;
};

const SECRET = "test-cron-secret-0123456789abcdef";
const vercel = JSON.parse(
  readFileSync(path.join(process.cwd(), "vercel.json"), "utf8"),
) as { crons: { path: string; schedule: string }[] };

let database: TestDatabase;

beforeAll(async () => {
  database = await installTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
  delete process.env.CRON_SECRET;
});

beforeEach(() => {
  // getEnv() caches the environment per module instance.
  vi.resetModules();
});

async function loadRoute(cronPath: string, secret: string | undefined) {
  if (secret === undefined) delete process.env.CRON_SECRET;
  else process.env.CRON_SECRET = secret;
  const file = path.join(process.cwd(), "app", cronPath, "route.ts");
  return (await import(file)) as CronRoute;
}

function request(authorization?: string) {
  const headers = new Headers();
  if (authorization !== undefined) headers.set("authorization", authorization);
  return new Request("http://127.0.0.1/api/cron", { headers });
}

describe("vercel.json", () => {
  it("lists the sync engine's routes", () => {
    expect(vercel.crons.map((cron) => cron.path)).toEqual(
      expect.arrayContaining([
        "/api/cron/maintenance",
        "/api/cron/sync",
        "/api/cron/write-back",
      ]),
    );
  });
});

describe.each(vercel.crons)("$path", ({ path: cronPath }) => {
  it("is dynamic with a 60 s limit", async () => {
    const route = await loadRoute(cronPath, SECRET);
    expect(route.dynamic).toBe("force-dynamic");
    expect(route.maxDuration).toBe(60);
  });

  it("rejects a missing secret", async () => {
    const route = await loadRoute(cronPath, SECRET);
    const response = await route.GET(request());
    expect(response.status).toBe(401);
  });

  it("rejects a wrong secret", async () => {
    const route = await loadRoute(cronPath, SECRET);
    const wrongLength = await route.GET(request("Bearer nope"));
    expect(wrongLength.status).toBe(401);
    const sameLength = await route.GET(
      request(`Bearer ${SECRET.replace(/.$/, "x")}`),
    );
    expect(sameLength.status).toBe(401);
    const noScheme = await route.GET(request(SECRET));
    expect(noScheme.status).toBe(401);
  });

  it("fails closed without CRON_SECRET", async () => {
    const route = await loadRoute(cronPath, undefined);
    const response = await route.GET(request("Bearer "));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/not configured/);
  });

  it("runs the work with the right secret", async () => {
    const route = await loadRoute(cronPath, SECRET);
    const response = await route.GET(request(`Bearer ${SECRET}`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean };
    expect(body.ok).toBe(true);
  });
});
