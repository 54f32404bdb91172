"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { cancelBackfill } from "@/lib/actions/cancel-backfill";
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { getBackfillProgress } from "@/lib/actions/get-backfill-progress";
import type { BackfillView } from "@/lib/actions/services/backfills";

const POLL_MS = 2_000;

const STATUS_LABELS: Record<BackfillView["status"], string> = {
  queued: "Queued",
  running: "Running",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};

function isOpen(status: BackfillView["status"]) {
  return status === "queued" || status === "running";
}

export function backfillQueryKey(backfillId: string) {
  return ["backfill", backfillId];
}

/**
 * Renders one backfill's progress and polls while it is queued or running.
 * The first value comes from the server render, so a reload picks the bar
 * up where it was.
 */
export function BackfillProgress({
  initial,
  canEdit,
}: {
  initial: BackfillView;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: backfillQueryKey(initial.id),
    initialData: initial,
    refetchInterval: (current) =>
      current.state.data && isOpen(current.state.data.status) ? POLL_MS : false,
    queryFn: async () => {
      const result = await getBackfillProgress({ backfillId: initial.id });
      if (!result.ok) {
        throw new Error(result.formError ?? "Progress could not be read.");
      }
      return result.data;
    },
  });
  const backfill = query.data;
  const percent =
    backfill.total > 0
      ? Math.round((backfill.processed / backfill.total) * 100)
      : isOpen(backfill.status)
        ? 0
        : 100;

  const cancel = useSingleFlight(async () => {
    setCancelError(null);
    const result = await cancelBackfill({ backfillId: backfill.id });
    if (!result.ok) {
      setCancelError(result.formError ?? "Cancelling failed; try again.");
      return;
    }
    queryClient.setQueryData(backfillQueryKey(backfill.id), result.data);
  });

  return (
    <div className="space-y-2" data-testid="backfill-progress">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">Backfill</span>
        <Badge
          variant={backfill.status === "failed" ? "destructive" : "secondary"}
        >
          {STATUS_LABELS[backfill.status]}
        </Badge>
        <span data-testid="backfill-counts">
          {backfill.processed} of {backfill.total} processed
          {backfill.failed > 0 ? `, ${backfill.failed} failed` : ""}
        </span>
        <span className="text-muted-foreground">
          {backfill.upToDate
            ? `applied up to ${backfill.upToDate}`
            : "applied before the job was mapped"}
          {backfill.stageFilterName ? `, in ${backfill.stageFilterName}` : ""}
        </span>
        {canEdit && isOpen(backfill.status) ? (
          <Button variant="outline" size="sm" onClick={() => void cancel()}>
            Cancel backfill
          </Button>
        ) : null}
      </div>
      <Progress value={percent} aria-label="Backfill progress" />
      {backfill.error ? (
        <p className="text-sm text-muted-foreground">{backfill.error}</p>
      ) : null}
      {query.error ? (
        <p className="text-sm text-destructive" role="alert">
          {query.error.message}
        </p>
      ) : null}
      {cancelError ? (
        <p className="text-sm text-destructive" role="alert">
          {cancelError}
        </p>
      ) : null}
    </div>
  );
}
