import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { MediaLinks } from "@/components/candidates/media-links";
import { ReportLinksCard } from "@/components/candidates/report-links-card";
import { RescreenButton } from "@/components/candidates/rescreen-button";
import { ScoreEvidence } from "@/components/candidates/score-evidence";
import { ScreeningStateBadge } from "@/components/candidates/screening-state-badge";
import { ScreeningTimeline } from "@/components/candidates/screening-timeline";
import { PageHeader } from "@/components/shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { hasRole, requirePageRole } from "@/lib/auth/session";
import { FINISHED_STATES } from "@/lib/sync/screening-state";
import { getScreeningTimeline } from "@/lib/views/timeline";
import { getWorkspaceTimeZone } from "@/lib/views/workspace-options";

export const metadata: Metadata = { title: "Candidate" };

export default async function CandidatePage({
  params,
}: {
  params: Promise<{ screeningId: string }>;
}) {
  const viewer = await requirePageRole("viewer");
  const { screeningId } = await params;
  const db = await getDb();
  const timeline = await getScreeningTimeline(
    db,
    viewer.workspaceId,
    screeningId,
  );
  if (!timeline) notFound();
  const timeZone = await getWorkspaceTimeZone(db, viewer.workspaceId);

  // A combined result repeats every step's media in result.media, so the
  // same link can come from both lists; keep one per address.
  const media = timeline.result
    ? [
        ...new Map(
          [
            ...timeline.result.media,
            ...timeline.result.steps.flatMap((step) => step.media),
          ].map((item) => [item.url, item]),
        ).values(),
      ]
    : [];
  const facts: [string, React.ReactNode][] = [
    ["Status", <ScreeningStateBadge key="state" state={timeline.state} />],
    [
      "Score",
      timeline.score === null ? "Not scored yet" : Math.round(timeline.score),
    ],
    ["Agent", timeline.agentName],
    ["Job", `${timeline.jobTitle} (Tracker job ${timeline.trackerJobId})`],
    ["Trigger stage", timeline.triggerStageName],
    ["Pulled by", timeline.pulledBy],
    ["Tracker candidate", timeline.trackerCandidateId],
    ["Tracker placement", timeline.trackerPlacementId],
    [
      "Tracker activity",
      timeline.writeBack?.activityId ?? "Not written back yet",
    ],
  ];
  const failure = timeline.writeBack?.failure;

  return (
    <>
      <PageHeader
        title={timeline.name}
        description={timeline.email ?? "No email address in Tracker"}
      >
        <div className="flex items-center gap-3">
          {hasRole(viewer.role, "admin") &&
          FINISHED_STATES.includes(timeline.state) ? (
            <RescreenButton screeningId={screeningId} />
          ) : null}
          <Link
            href="/candidates"
            className="text-sm underline-offset-4 hover:underline"
          >
            Back to candidates
          </Link>
        </div>
      </PageHeader>
      <div className="space-y-6">
        {failure ? (
          <Alert variant="destructive">
            <AlertTitle>
              Write-back to Tracker failed: {failure.reason}
            </AlertTitle>
            <AlertDescription>
              <p>{failure.action}</p>
              <p className="mt-1 font-mono text-xs break-words">
                {failure.message}
              </p>
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
            {timeline.result ? (
              <a
                href={timeline.reportPath}
                target="_blank"
                rel="noopener noreferrer"
                className="mt-4 inline-flex items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline"
              >
                <ExternalLink aria-hidden className="size-4" />
                Open the PDF report
              </a>
            ) : null}
          </CardContent>
        </Card>
        {timeline.result ? (
          <ReportLinksCard
            db={db}
            workspaceId={viewer.workspaceId}
            screeningId={screeningId}
            timeZone={timeZone}
            canRevoke={hasRole(viewer.role, "recruiter")}
          />
        ) : null}
        <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Timeline</h2>
              </CardTitle>
              <p className="text-sm text-muted-foreground">
                Times in {timeZone}
              </p>
            </CardHeader>
            <CardContent>
              <ScreeningTimeline
                entries={timeline.entries}
                timeZone={timeZone}
              />
            </CardContent>
          </Card>
          <div className="space-y-6">
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Evidence behind the score</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                {timeline.result ? (
                  <ScoreEvidence result={timeline.result} />
                ) : (
                  <p className="text-sm text-muted-foreground">
                    {timeline.summary ??
                      "The screening has no result yet; evidence appears once it completes."}
                  </p>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Interview recordings and files</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <MediaLinks media={media} />
              </CardContent>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
