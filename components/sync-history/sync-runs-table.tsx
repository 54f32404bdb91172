"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Button } from "@/components/ui/button";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import {
  formatDateTime,
  formatDuration,
  RUN_KIND_LABELS,
} from "@/lib/views/format";
import {
  toSearchParams,
  type SyncHistoryFilters,
} from "@/lib/views/sync-history-filters";
import type { SyncRunPage, SyncRunRow } from "@/lib/views/sync-runs";

import { RunStatusBadge } from "./run-status-badge";

// How often a page with a running run, or the newest page, is re-read.
const LIVE_REFRESH_MS = 5_000;

async function fetchRuns(query: string): Promise<SyncRunPage> {
  const response = await fetch(`/api/sync-runs?${query}`, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) {
    throw new Error(`Loading sync runs failed (HTTP ${response.status})`);
  }
  return response.json() as Promise<SyncRunPage>;
}

function describeJobs(run: SyncRunRow): { agents: string; jobs: string } {
  if (run.jobs.length === 0) {
    // Intake and write-back batches serve every mapped job at once.
    return { agents: "All agents", jobs: "All jobs" };
  }
  const agents = [...new Set(run.jobs.map((job) => job.agentName))];
  const jobs = run.jobs.map((job) => job.jobTitle);
  return {
    agents: agents.join(", "),
    jobs:
      jobs.length > 2
        ? `${jobs.slice(0, 2).join(", ")} and ${jobs.length - 2} more`
        : jobs.join(", "),
  };
}

function countsOf(run: SyncRunRow): string {
  const parts: string[] = [];
  if (run.kind === "poll" || run.kind === "backfill") {
    parts.push(`${run.placementsScanned} scanned`);
    parts.push(`${run.candidatesPulled} pulled`);
  }
  if (run.kind === "intake") parts.push(`${run.screeningsDispatched} started`);
  if (run.kind === "write_back") {
    parts.push(`${run.resultsWrittenBack} written back`);
  }
  if (run.failures > 0) parts.push(`${run.failures} failed`);
  return parts.join(", ");
}

/**
 * Renders the runs table and re-reads its page every few seconds while
 * the page is the newest one or shows a running run, so new and finishing
 * runs appear without a reload.
 */
export function SyncRunsTable({
  initialPage,
  filters,
  timeZone,
}: {
  initialPage: SyncRunPage;
  filters: SyncHistoryFilters;
  timeZone: string;
}) {
  const query = toSearchParams(filters).toString();
  const isNewestPage = !filters.after && !filters.before;
  const { data, error } = useQuery({
    queryKey: ["sync-runs", query],
    queryFn: () => fetchRuns(query),
    initialData: initialPage,
    refetchInterval: (current) => {
      const runs = current.state.data?.runs ?? [];
      const live = runs.some((run) => run.status === "running");
      return isNewestPage || live ? LIVE_REFRESH_MS : false;
    },
  });
  const page = data ?? initialPage;

  const pageLink = (cursor: { after?: string; before?: string }) => {
    const params = toSearchParams({
      ...filters,
      after: undefined,
      before: undefined,
      ...cursor,
    });
    return `/sync-history?${params.toString()}`;
  };

  return (
    <div className="space-y-3">
      {error ? (
        <p role="status" className="text-sm text-destructive">
          Live updates paused: {error.message}. The table shows the last data
          loaded.
        </p>
      ) : null}
      <Table aria-label="Sync runs">
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Kind</TableHead>
            <TableHead scope="col">Agent</TableHead>
            <TableHead scope="col">Job</TableHead>
            <TableHead scope="col">Started ({timeZone})</TableHead>
            <TableHead scope="col">Duration</TableHead>
            <TableHead scope="col">Status</TableHead>
            <TableHead scope="col">Counts</TableHead>
            <TableHead scope="col" className="text-right">
              Tracker requests
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.runs.length === 0 ? (
            <TableRow>
              <TableCell
                colSpan={8}
                className="py-8 text-center text-muted-foreground"
              >
                No sync runs match these filters.
              </TableCell>
            </TableRow>
          ) : (
            page.runs.map((run) => {
              const scope = describeJobs(run);
              return (
                <TableRow key={run.id} data-testid="sync-run-row">
                  <TableCell>
                    <Link
                      href={`/sync-history/${run.id}`}
                      className="font-medium underline-offset-4 hover:underline"
                    >
                      {RUN_KIND_LABELS[run.kind]}
                    </Link>
                  </TableCell>
                  <TableCell>{scope.agents}</TableCell>
                  <TableCell>{scope.jobs}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {formatDateTime(run.startedAt, timeZone)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {run.durationMs === null
                      ? "In progress"
                      : formatDuration(run.durationMs)}
                  </TableCell>
                  <TableCell>
                    <RunStatusBadge status={run.status} />
                  </TableCell>
                  <TableCell>{countsOf(run)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {run.trackerRequests}
                  </TableCell>
                </TableRow>
              );
            })
          )}
        </TableBody>
      </Table>
      <nav aria-label="Sync run pages" className="flex justify-between gap-2">
        {page.newerCursor ? (
          <Button asChild variant="outline" size="sm">
            <Link href={pageLink({ before: page.newerCursor })}>
              Newer runs
            </Link>
          </Button>
        ) : (
          <span />
        )}
        {page.olderCursor ? (
          <Button asChild variant="outline" size="sm">
            <Link href={pageLink({ after: page.olderCursor })}>Older runs</Link>
          </Button>
        ) : null}
      </nav>
    </div>
  );
}
