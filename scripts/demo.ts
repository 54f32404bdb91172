import { spawn } from "node:child_process";

import { openConfiguredDatabase } from "@/db";
import { DEMO_USERS, seedDemo } from "@/lib/demo/seed";

/**
 * `npm run demo`: migrates and seeds the database, then starts the Next.js
 * dev server. PGlite allows one process per data folder, so the seed
 * closes the database before the server opens it.
 */
async function main() {
  const database = await openConfiguredDatabase();
  await database.migrate();
  await seedDemo(database.db);
  await database.close();

  const port = process.env.PORT ?? "3000";
  console.log(`\nTracker Relay demo: http://localhost:${port}/sign-in`);
  for (const user of DEMO_USERS) {
    console.log(`  ${user.role.padEnd(6)} ${user.email} / ${user.password}`);
  }
  console.log("");

  const server = spawn("npx", ["next", "dev", "--port", port], {
    stdio: "inherit",
    env: process.env,
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: Error) => {
  console.error(`demo failed to start: ${error.message}`);
  process.exit(1);
});
