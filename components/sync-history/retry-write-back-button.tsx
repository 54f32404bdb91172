"use client";

import { RotateCcw } from "lucide-react";
import { useState, useTransition } from "react";

import { retryWriteBack } from "@/app/(app)/sync-history/[runId]/retry-write-back";
import { Button } from "@/components/ui/button";

/** Queues one failed write-back again and shows the result in place. */
export function RetryWriteBackButton({
  screeningId,
  runId,
  candidateName,
}: {
  screeningId: string;
  runId: string;
  candidateName: string;
}) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{
    ok: boolean;
    text: string;
  } | null>(null);

  const retry = () =>
    startTransition(async () => {
      const result = await retryWriteBack({ screeningId, runId });
      setMessage(
        result.ok
          ? {
              ok: true,
              text: "Retry queued. The next write-back run sends it to Tracker.",
            }
          : {
              ok: false,
              text: result.formError ?? "The retry could not be queued.",
            },
      );
    });

  return (
    <div className="space-y-1">
      {message?.ok ? null : (
        <Button
          type="button"
          size="sm"
          variant="outline"
          onClick={retry}
          disabled={pending}
          aria-label={`Retry write-back for ${candidateName}`}
        >
          <RotateCcw aria-hidden />
          {pending ? "Retrying…" : "Retry write-back"}
        </Button>
      )}
      <p
        role="status"
        className={
          message?.ok ? "text-xs text-emerald-800" : "text-xs text-destructive"
        }
      >
        {message?.text}
      </p>
    </div>
  );
}
