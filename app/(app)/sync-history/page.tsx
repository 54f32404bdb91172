import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import { ActivityChart } from "@/components/sync-history/activity-chart";
import { SyncHistoryFilterBar } from "@/components/sync-history/sync-history-filters";
import { SyncRunsTable } from "@/components/sync-history/sync-runs-table";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { requirePageRole } from "@/lib/auth/session";
import { getDailyActivity, resolveRange } from "@/lib/views/daily-activity";
import { formatDay } from "@/lib/views/format";
import { parseSyncHistoryFilters } from "@/lib/views/sync-history-filters";
import { listSyncRuns } from "@/lib/views/sync-runs";
import {
  getFilterOptions,
  getWorkspaceTimeZone,
} from "@/lib/views/workspace-options";

export const metadata: Metadata = { title: "Sync history" };

export default async function SyncHistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePageRole("viewer");
  const filters = parseSyncHistoryFilters(await searchParams);
  const db = await getDb();
  const timeZone = await getWorkspaceTimeZone(db, viewer.workspaceId);

  const [options, page, days] = await Promise.all([
    getFilterOptions(db, viewer.workspaceId),
    listSyncRuns(db, viewer.workspaceId, filters, { timeZone }),
    getDailyActivity(db, viewer.workspaceId, filters, timeZone),
  ]);
  const range = resolveRange(filters, timeZone);

  return (
    <>
      <PageHeader
        title="Sync history"
        description="Every poll, backfill, screening intake and write-back to Tracker, newest first."
      />
      <div className="space-y-6">
        <SyncHistoryFilterBar
          filters={filters}
          options={options}
          timeZone={timeZone}
        />
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Candidates per day</h2>
            </CardTitle>
            <p className="text-sm text-muted-foreground">
              {formatDay(range.from)} to {formatDay(range.to)}, days in{" "}
              {timeZone}
            </p>
          </CardHeader>
          <CardContent>
            <ActivityChart days={days} timeZone={timeZone} />
          </CardContent>
        </Card>
        <section aria-labelledby="runs-heading" className="space-y-3">
          <h2 id="runs-heading" className="text-lg font-semibold">
            Runs
          </h2>
          <SyncRunsTable
            initialPage={page}
            filters={filters}
            timeZone={timeZone}
          />
        </section>
      </div>
    </>
  );
}
