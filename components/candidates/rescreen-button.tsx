"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { rescreenCandidate } from "@/lib/actions/rescreen-candidate";

/** Starts a new screening of this placement and opens it. */
export function RescreenButton({ screeningId }: { screeningId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const rescreen = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await rescreenCandidate({ screeningId });
      if (!result.ok) {
        setError(result.formError ?? "Screening again failed; try again.");
        return;
      }
      router.push(`/candidates/${result.data.screeningId}`);
    } finally {
      setPending(false);
    }
  });

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="outline" size="sm" onClick={rescreen} disabled={pending}>
        {pending ? "Starting…" : "Screen again"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </span>
  );
}
