"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { syncMappingNow } from "@/lib/actions/sync-mapping-now";

/** Asks for a poll of this mapping's connection on the next queue drain. */
export function SyncNowButton({ mappingId }: { mappingId: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const run = useSingleFlight(async () => {
    setPending(true);
    setMessage(null);
    try {
      const result = await syncMappingNow({ mappingId });
      if (!result.ok) {
        setMessage(result.formError ?? "Sync request failed; try again.");
        return;
      }
      setMessage(
        result.data.queued
          ? "Sync queued; it starts within a minute."
          : "A sync is already waiting to run.",
      );
    } finally {
      setPending(false);
    }
  });

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="outline" size="sm" onClick={run} disabled={pending}>
        <RefreshCw aria-hidden />
        {pending ? "Queuing…" : "Sync now"}
      </Button>
      {message ? (
        <span role="status" className="text-xs text-muted-foreground">
          {message}
        </span>
      ) : null}
    </span>
  );
}
