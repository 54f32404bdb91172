"use client";

import { useRouter } from "next/navigation";
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
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { removeJobMapping } from "@/lib/actions/remove-job-mapping";

/** Confirms removal, listing what happens to candidates already pulled. */
export function RemoveMappingDialog({
  mappingId,
  label,
}: {
  mappingId: string;
  label: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await removeJobMapping({ mappingId });
      if (!result.ok) {
        setError(result.formError ?? "Removing failed; try again.");
        return;
      }
      setOpen(false);
      router.refresh();
    } finally {
      setPending(false);
    }
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm">
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove the mapping of {label}?</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <ul className="list-disc space-y-1 pl-5">
              <li>No new candidates are pulled from this job and stage.</li>
              <li>Screenings already started continue to the end.</li>
              <li>
                A queued or running backfill of this mapping is cancelled.
              </li>
              <li>
                The job and stage become free to map to any agent, this one
                included.
              </li>
            </ul>
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? (
          <p className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Keep mapping</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() => void confirm()}
          >
            {pending ? "Removing…" : "Remove mapping"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
