// GET /api/cron/channels — every 5 minutes (cron "*/5 * * * *").
//
// Sweeps the candidate channels: expires form, SMS and voice steps past
// their deadline, sends due reminders inside the sending hours, and
// resumes screenings whose next step stalled. Requires
// `Authorization: Bearer <CRON_SECRET>`.
import { getDb } from "@/db";
import { runChannelSweep } from "@/lib/channels/sweep";
import { withCron } from "@/lib/cron/with-cron";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export const GET = withCron("channels", async ({ deadline }) => {
  const counts = await runChannelSweep(await getDb(), { deadline });
  return { ...counts };
});
