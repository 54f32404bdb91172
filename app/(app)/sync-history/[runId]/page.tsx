import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { PageHeader } from "@/components/shell/page-header";
import { RefreshWhileRunning } from "@/components/sync-history/refresh-while-running";
import { RunCandidatesTable } from "@/components/sync-history/run-candidates-table";
import { RunStatusBadge } from "@/components/sync-history/run-status-badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { getDb } from "@/db";
import { hasRole, requirePageRole } from "@/lib/auth/session";
import { explainFailure } from "@/lib/views/explain-failure";
import {
  formatDateTime,
  formatDuration,
  RUN_KIND_LABELS,
} from "@/lib/views/format";
import {
  listRunCandidates,
  RUN_CANDIDATES_LIMIT,
} from "@/lib/views/run-candidates";
import { getSyncRun } from "@/lib/views/sync-runs";
import { getWorkspaceTimeZone } from "@/lib/views/workspace-options";

export const metadata: Metadata = { title: "Sync run" };

export default async function SyncRunPage({
  params,
}: {
  params: Promise<{ runId: string }>;
}) {
  const viewer = await requirePageRole("viewer");
  const { runId } = await params;
  const db = await getDb();
  const run = await getSyncRun(db, viewer.workspaceId, runId);
  if (!run) notFound();

  const [timeZone, candidates] = await Promise.all([
    getWorkspaceTimeZone(db, viewer.workspaceId),
    listRunCandidates(db, {
      workspaceId: viewer.workspaceId,
      connectionId: run.connectionId,
      backfillId: run.backfillId,
      kind: run.kind,
      startedAt: new Date(run.startedAt),
      finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    }),
  ]);
  const runFailure = run.error ? explainFailure(run.error) : null;
  const facts: [string, React.ReactNode][] = [
    ["Status", <RunStatusBadge key="status" status={run.status} />],
    ["Started", formatDateTime(run.startedAt, timeZone)],
    [
      "Finished",
      run.finishedAt
        ? formatDateTime(run.finishedAt, timeZone)
        : "Still running",
    ],
    [
      "Duration",
      run.durationMs === null ? "In progress" : formatDuration(run.durationMs),
    ],
    [
      "Agent and job",
      run.jobs.length === 0
        ? "All agents and jobs"
        : run.jobs.map((job) => `${job.agentName}: ${job.jobTitle}`).join("; "),
    ],
    ["Pages read", run.pagesRead],
    ["Placements scanned", run.placementsScanned],
    ["Candidates pulled", run.candidatesPulled],
    ["Screenings started", run.screeningsDispatched],
    ["Results written back", run.resultsWrittenBack],
    ["Failures", run.failures],
    ["Tracker requests", run.trackerRequests],
  ];

  return (
    <>
      {run.status === "running" ? <RefreshWhileRunning /> : null}
      <PageHeader
        title={`${RUN_KIND_LABELS[run.kind]} run`}
        description={`Run ${run.id}. Times in ${timeZone}.`}
      >
        <Link
          href="/sync-history"
          className="text-sm underline-offset-4 hover:underline"
        >
          Back to sync history
        </Link>
      </PageHeader>
      <div className="space-y-6">
        {runFailure ? (
          <Alert variant="destructive">
            <AlertTitle>{runFailure.reason}</AlertTitle>
            <AlertDescription>
              <p>{runFailure.action}</p>
              <p className="mt-1 font-mono text-xs break-words">{run.error}</p>
            </AlertDescription>
          </Alert>
        ) : null}
        <Card>
          <CardContent className="pt-6">
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
              {facts.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="font-medium">{value}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <section aria-labelledby="run-candidates-heading" className="space-y-3">
          <h2 id="run-candidates-heading" className="text-lg font-semibold">
            Candidates
          </h2>
          {candidates.length >= RUN_CANDIDATES_LIMIT ? (
            <p className="text-sm text-muted-foreground">
              Showing the first {RUN_CANDIDATES_LIMIT} candidates of this run.
            </p>
          ) : null}
          <RunCandidatesTable
            candidates={candidates}
            runId={run.id}
            timeZone={timeZone}
            canRetry={hasRole(viewer.role, "admin")}
          />
        </section>
      </div>
    </>
  );
}
