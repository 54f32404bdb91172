import { getEnv } from "@/lib/env";
import { startSandbox } from "@/lib/tracker-sandbox";

/**
 * `npm run sandbox`: starts the Tracker sandbox on TRACKER_SANDBOX_PORT
 * (default 4010) and prints each database's access token. Stop it with
 * Ctrl-C.
 */
async function main() {
  const port = getEnv().TRACKER_SANDBOX_PORT;
  const sandbox = await startSandbox({ port });

  console.log(`\nTracker sandbox: ${sandbox.url}`);
  console.log(`Control API:     ${sandbox.url}/_sandbox/databases\n`);
  for (const database of sandbox.state.listDatabases()) {
    console.log(
      `  ${database.name.padEnd(8)} region ${database.region.padEnd(5)} ` +
        `${database.timeZone.padEnd(20)} access token ${database.accessToken}`,
    );
  }
  console.log("");

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`sandbox failed to start: ${error.message}`);
  process.exit(1);
});
