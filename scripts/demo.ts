import { spawn } from "node:child_process";

import { openConfiguredDatabase } from "@/db";
import { DEMO_USERS, seedDemo } from "@/lib/demo/seed";
import { getEnv } from "@/lib/env";
import { startSandbox } from "@/lib/tracker-sandbox";

/**
 * `npm run demo`: migrates and seeds the database, starts the Tracker
 * sandbox in this process, then starts the Next.js dev server pointed at
 * it. PGlite allows one process per data folder, so the seed closes the
 * database before the server opens it.
 */
async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await seedDemo(database.db);
  await database.close();

  const sandbox = await startSandbox({ port: getEnv().TRACKER_SANDBOX_PORT });
  const port = process.env.PORT ?? "3000";

  console.log(`\nTracker Relay demo: http://localhost:${port}/sign-in`);
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

  const server = spawn("npx", ["next", "dev", "--port", port], {
    stdio: "inherit",
    env: { ...process.env, TRACKER_SANDBOX_URL: sandbox.url },
  });
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
