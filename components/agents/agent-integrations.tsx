import Link from "next/link";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { getDb } from "@/db";
import type { Agent, JobMapping } from "@/db/schema";
import { ActionError } from "@/lib/actions/action-error";
import { todayIn } from "@/lib/actions/services/backfill-criteria";
import {
  latestBackfills,
  type BackfillView,
} from "@/lib/actions/services/backfills";
import { listMappings } from "@/lib/actions/services/job-mappings";
import {
  findConnection,
  toConnectionView,
} from "@/lib/actions/services/tracker-connection";
import { fetchStages } from "@/lib/actions/services/tracker-gateway";

import { BackfillDialog } from "./backfill-dialog";
import { BackfillProgress } from "./backfill-progress";
import { JobMappingForm } from "./job-mapping-form";
import { RemapDialog } from "./remap-dialog";
import { RemoveMappingDialog } from "./remove-mapping-dialog";
import { SyncNowButton } from "./sync-now-button";
import type { StageOption } from "./stage-options";

/** Renders the agent's Integrations section: mappings and backfills. */
export async function AgentIntegrations({
  agent,
  canEdit,
}: {
  agent: Agent;
  canEdit: boolean;
}) {
  const db = await getDb();
  const connectionRow = await findConnection(db, agent.workspaceId);
  const connection = connectionRow ? toConnectionView(connectionRow) : null;
  const live = connectionRow && connection?.state === "connected";

  let stages: StageOption[] = [];
  let stagesError: string | null = null;
  if (live) {
    try {
      const rows = await fetchStages(db, connectionRow);
      stages = rows.map(({ id, name, group }) => ({ id, name, group }));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      stagesError = error.message;
    }
  }

  const mappings = await listMappings(db, agent.workspaceId, agent.id);
  const backfills = await latestBackfills(
    db,
    agent.workspaceId,
    mappings.map((mapping) => mapping.id),
  );
  const timeZone = connection?.timeZone ?? "UTC";
  const today = todayIn(timeZone);
  const canMap = canEdit && live && !stagesError && agent.status === "active";

  return (
    <Card>
      <CardHeader>
        <CardTitle>Integrations</CardTitle>
        <CardDescription>
          ATS Integration: which Tracker jobs feed this agent, and the stage
          that pulls a candidate in.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <ConnectionNotice state={connection?.state ?? null} />
        {stagesError ? (
          <Alert variant="destructive">
            <AlertDescription>{stagesError}</AlertDescription>
          </Alert>
        ) : null}

        <section aria-label="Job mappings" className="space-y-4">
          {mappings.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No Tracker jobs are mapped to this agent yet.
            </p>
          ) : (
            mappings.map((mapping) => (
              <MappingRow
                key={mapping.id}
                mapping={mapping}
                paused={!live}
                backfill={backfills.get(mapping.id)}
                canEdit={canEdit && Boolean(live) && !stagesError}
                stages={stages}
                today={today}
                timeZone={timeZone}
              />
            ))
          )}
        </section>

        {canMap ? (
          <>
            <Separator />
            <section aria-label="Add job mapping" className="space-y-3">
              <h3 className="text-base font-semibold">Add a job mapping</h3>
              <JobMappingForm agentId={agent.id} stages={stages} />
            </section>
          </>
        ) : null}
        {canEdit && agent.status === "archived" ? (
          <p className="text-sm text-muted-foreground">
            This agent is archived; set it to Active to map jobs.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function ConnectionNotice({ state }: { state: string | null }) {
  if (state === "connected") return null;
  const message =
    state === "needs_token"
      ? "Tracker rejected the stored access token, so mappings are paused."
      : "Tracker is not connected, so mappings are paused.";
  return (
    <Alert>
      <AlertDescription>
        {message} An admin can fix this on the{" "}
        <Link href="/integrations" className="underline">
          Integrations page
        </Link>
        .
      </AlertDescription>
    </Alert>
  );
}

function MappingRow({
  mapping,
  paused,
  backfill,
  canEdit,
  stages,
  today,
  timeZone,
}: {
  mapping: JobMapping;
  paused: boolean;
  backfill?: BackfillView;
  canEdit: boolean;
  stages: StageOption[];
  today: string;
  timeZone: string;
}) {
  const label = `job ${mapping.trackerJobId}`;
  const backfillOpen =
    backfill?.status === "queued" || backfill?.status === "running";
  return (
    <div
      className="space-y-3 rounded-lg border p-4"
      data-testid={`mapping-${mapping.trackerJobId}-${mapping.triggerStatusId}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1 text-sm">
          <p className="font-medium">
            Job {mapping.trackerJobId}: {mapping.jobTitle}
            {mapping.jobClient ? ` · ${mapping.jobClient}` : ""}
          </p>
          <p className="text-muted-foreground">
            Gets candidates who move to {mapping.triggerGroup} ›{" "}
            {mapping.triggerStatusName}
          </p>
          {paused || mapping.baselineRecordedAt ? null : (
            <p className="text-muted-foreground" data-testid="baseline-pending">
              Waiting for the first sync, which records where each candidate is.
              Candidates already in {mapping.triggerStatusName} by then are not
              pulled: use Backfill for them.
            </p>
          )}
        </div>
        <div className="flex items-center gap-2">
          <Badge variant={paused ? "outline" : "secondary"}>
            {paused ? "Paused" : "Active"}
          </Badge>
          {canEdit ? (
            <>
              {paused ? null : <SyncNowButton mappingId={mapping.id} />}
              <RemapDialog
                agentId={mapping.agentId}
                mappingId={mapping.id}
                stages={stages}
                label={label}
                initial={{
                  trackerJobId: mapping.trackerJobId,
                  triggerStatusId: mapping.triggerStatusId,
                }}
              />
              <RemoveMappingDialog mappingId={mapping.id} label={label} />
            </>
          ) : null}
        </div>
      </div>
      <div className="space-y-2 border-t pt-3">
        <div className="flex items-center justify-between gap-3">
          <p className="text-sm font-medium">Inbound</p>
          {canEdit ? (
            <BackfillDialog
              mappingId={mapping.id}
              label={label}
              stages={stages}
              today={today}
              timeZone={timeZone}
              disabledReason={
                backfillOpen
                  ? "A backfill is already queued or running for this job."
                  : undefined
              }
            />
          ) : null}
        </div>
        {backfill ? (
          <BackfillProgress initial={backfill} canEdit={canEdit} />
        ) : (
          <p className="text-sm text-muted-foreground">No backfill yet.</p>
        )}
      </div>
    </div>
  );
}
