"use client";

import { useState } from "react";

import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { disconnectTracker } from "@/lib/actions/disconnect-tracker";
import { useSingleFlight } from "@/lib/actions/form-helpers";

/** Confirms, then deletes the stored access token; mappings are paused. */
export function DisconnectDialog({
  onDisconnected,
}: {
  onDisconnected: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await disconnectTracker({});
      if (!result.ok) {
        setError(result.formError ?? "Disconnecting failed; try again.");
        return;
      }
      setOpen(false);
      const { pausedMappings, cancelledBackfills } = result.data;
      onDisconnected(
        `Tracker disconnected. ${pausedMappings} job mapping(s) paused; ` +
          `${cancelledBackfills} backfill(s) cancelled.`,
      );
    } finally {
      setPending(false);
    }
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="destructive">Disconnect</Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Disconnect Tracker?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="space-y-2">
              <p>
                The stored access token is deleted and Tracker Relay stops
                reading from Tracker.
              </p>
              <ul className="list-disc space-y-1 pl-5">
                <li>
                  Job mappings are paused, not deleted; they resume when you
                  connect again.
                </li>
                <li>
                  Screenings already in flight finish, but their results cannot
                  be written back to Tracker until you reconnect.
                </li>
                <li>Backfills that are queued or running are cancelled.</li>
              </ul>
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? (
          <p className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>
            Keep connected
          </AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() => void confirm()}
          >
            {pending ? "Disconnecting…" : "Disconnect"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
