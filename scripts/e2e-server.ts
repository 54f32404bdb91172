import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

import postgres from "postgres";

import { openPglite, openPostgres, type Database } from "@/db";
import { startSandbox } from "@/lib/tracker-sandbox";
import { buildDemoDatabaseSeed } from "@/lib/tracker-sandbox/seed/demo-seed";
import {
  JOURNEY_ACCESS_TOKEN,
  JOURNEY_DATABASE,
} from "@/tests/e2e/support/journey-database";
import { seedE2e } from "@/tests/e2e/support/seed";
import { assertLocal } from "@/tests/helpers/database";

/**
 * Starts what the Playwright tests run against: a fresh database (PGlite
 * in .data/e2e-<port>, or a new `relay_e2e_<port>` database on TEST_DATABASE_URL), the
 * Tracker sandbox on a free port, and the production build on E2E_PORT.
 */

const port = process.env.E2E_PORT ?? "3100";

async function freshDatabase(): Promise<{ database: Database; env: object }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = `.data/e2e-${port}`;
    rmSync(dataDir, { recursive: true, force: true });
    const database = await openPglite(dataDir);
    return { database, env: { PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" } };
  }
  const url = new URL(serverUrl);
  assertLocal(url);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  // Named after the port so two e2e servers on one machine stay apart.
  const name = `relay_e2e_${port}`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 2 });
  return { database, env: { DATABASE_URL: url.toString() } };
}

async function startTrackerSandbox(): Promise<object> {
  // The journeys get a copy of the demo database under their own token:
  // Tracker keeps one live JWT per token, so two workspaces sharing the
  // demo token would keep revoking each other's JWT.
  const sandbox = await startSandbox({
    port: Number(process.env.E2E_SANDBOX_PORT ?? 4110),
    databases: [
      {
        ...buildDemoDatabaseSeed(),
        name: JOURNEY_DATABASE,
        accessToken: JOURNEY_ACCESS_TOKEN,
      },
    ],
  });
  console.log(`e2e: Tracker sandbox at ${sandbox.url}`);
  return { TRACKER_SANDBOX_URL: sandbox.url };
}

async function main() {
  const { database, env: databaseEnv } = await freshDatabase();
  await database.migrate();
  await seedE2e(database.db);
  await database.close();

  const sandboxEnv = await startTrackerSandbox();
  const server = spawn("npx", ["next", "start", "--port", port], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...databaseEnv,
      ...sandboxEnv,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      ENCRYPTION_KEYS: `e2e:${Buffer.alloc(32, 7).toString("base64")}`,
      CRON_SECRET: "e2e-cron-secret",
      // The candidate journeys read invitations from the dev outbox and
      // answer through the simulated phone and interview simulator.
      DEV_TOOLS: "1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: Error) => {
  console.error(`e2e server failed to start: ${error.message}`);
  process.exit(1);
});
