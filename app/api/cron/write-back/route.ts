// GET /api/cron/write-back — every minute (cron "* * * * *").
//
// Enqueues the write-backs that are due (new final screenings and retries
// whose backoff has passed) and drains them for up to 45 seconds, writing
// an Activity and the PDF report to each candidate in Tracker. A separate
// route from /api/cron/sync so a long crawl never delays results. Requires
// `Authorization: Bearer <CRON_SECRET>`.
import { withCron } from "@/lib/cron/with-cron";
import { runWriteBackWork } from "@/lib/sync/run-cron";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = withCron("write-back", ({ deadline }) =>
  runWriteBackWork({ deadline }),
);
