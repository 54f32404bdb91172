// GET /api/cron/sync — every minute (cron "* * * * *").
//
// Enqueues a poll for each connected Tracker connection, a slice for each
// unfinished backfill and intake for pulled candidates, then drains those
// queues for up to 45 seconds. Requires `Authorization: Bearer
// <CRON_SECRET>`.
import { withCron } from "@/lib/cron/with-cron";
import { runSyncWork } from "@/lib/sync/run-cron";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = withCron("sync", ({ deadline }) =>
  runSyncWork({ deadline }),
);
