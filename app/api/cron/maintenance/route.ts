// GET /api/cron/maintenance — every 5 minutes (cron "*/5 * * * *").
//
// Runs pg-boss upkeep: expires jobs whose invocation died so they are
// retried, and archives and deletes finished jobs. pg-boss's own
// maintenance timer is off, because serverless invocations cannot keep
// timers. Requires `Authorization: Bearer <CRON_SECRET>`.
import { withCron } from "@/lib/cron/with-cron";
import { runMaintenanceWork } from "@/lib/sync/run-cron";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = withCron("maintenance", () => runMaintenanceWork());
