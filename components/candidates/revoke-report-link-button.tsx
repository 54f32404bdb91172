"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { revokeReportLinkAction } from "@/lib/channels/actions/report-link-actions";

/** Revokes one report link; Tracker's copy of the link then answers 410. */
export function RevokeReportLinkButton({ linkId }: { linkId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await revokeReportLinkAction({ linkId });
      if (!result.ok) {
        setError(result.formError ?? "Revoking failed; try again.");
        return;
      }
      router.refresh();
    } finally {
      setPending(false);
    }
  });

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="outline" size="sm" onClick={revoke} disabled={pending}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </span>
  );
}
