import { getDatabase } from "@/db";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

/**
 * Runs when a Next.js server starts on Node: validates the environment and
 * opens (and migrates) the database, so a bad setting stops the server with
 * a clear message instead of failing on the first request.
 */
export async function startNodeServer() {
  try {
    getEnv();
    const database = await getDatabase();
    getLogger("startup").info(
      { database: database.kind, location: database.location },
      "database ready",
    );
    // Intake in this process runs form, SMS and voice steps as well as the
    // resume review.
    const { installChannelWorkflowRunner } =
      await import("@/lib/channels/workflow/channel-workflow-runner");
    installChannelWorkflowRunner();

    // On Vercel, Vercel Cron calls the cron routes; elsewhere this process
    // calls them.
    const env = getEnv();
    if (env.schedulerEnabled && !env.VERCEL) {
      const { startEmbeddedScheduler } =
        await import("@/lib/scheduler/embedded-scheduler");
      startEmbeddedScheduler();
    }
  } catch (error) {
    console.error(
      `\nTracker Relay cannot start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  }
}
