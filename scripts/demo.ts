import { spawn } from "node:child_process";
import { createServer } from "node:net";

import { openConfiguredDatabase } from "@/db";
import { DEMO_USERS, seedDemo } from "@/lib/demo/seed";
import { getEnv } from "@/lib/env";
import { startSandbox } from "@/lib/tracker-sandbox";

/**
 * `npm run demo`: migrates and seeds the database, starts the Tracker
 * sandbox in this process, then starts the Next.js dev server pointed at
 * it. PGlite allows one process per data folder, so the seed closes the
 * database before the server opens it. Both servers listen on loopback
 * only, because the demo accounts have published passwords.
 */

const HOST = "127.0.0.1";

class PortBusyError extends Error {}

function assertPortFree(port: number, fix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () =>
      reject(new PortBusyError(`port ${port} is already in use; ${fix}`)),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

async function main() {
  const env = getEnv();
  const port = Number(process.env.PORT ?? 3000);
  const sandboxPort = env.TRACKER_SANDBOX_PORT;
  await assertPortFree(
    port,
    `stop what uses it or start the demo on another port: ` +
      `PORT=${port + 1} npm run demo`,
  );
  await assertPortFree(
    sandboxPort,
    `stop what uses it or move the sandbox: ` +
      `TRACKER_SANDBOX_PORT=${sandboxPort + 1} npm run demo`,
  );

  const database = await openConfiguredDatabase();
  await database.migrate();
  await seedDemo(database.db);
  await database.close();

  const sandbox = await startSandbox({ port: sandboxPort });
  const appUrl = process.env.APP_URL || `http://localhost:${port}`;

  console.log(`\nTracker Relay demo: ${appUrl}/sign-in`);
  for (const user of DEMO_USERS) {
    console.log(`  ${user.role.padEnd(6)} ${user.email} / ${user.password}`);
  }
  console.log(`\nTracker sandbox: ${sandbox.url} (region "Sandbox")`);
  for (const tracker of sandbox.state.listDatabases()) {
    console.log(
      `  ${tracker.name.padEnd(8)} ${tracker.timeZone.padEnd(20)} ` +
        `access token ${tracker.accessToken}`,
    );
  }
  console.log("");

  const server = spawn(
    "npx",
    ["next", "dev", "--port", String(port), "--hostname", HOST],
    {
      stdio: "inherit",
      env: {
        ...process.env,
        // Report links written to Tracker must point at this server.
        APP_URL: appUrl,
        PORT: String(port),
        TRACKER_SANDBOX_URL: sandbox.url,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => {
    void sandbox.close().finally(() => process.exit(code ?? 0));
  });
}

main().catch((error: Error) => {
  console.error(`demo failed to start: ${error.message}`);
  process.exit(1);
});
