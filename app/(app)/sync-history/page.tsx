import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sync history" };

export default async function SyncHistoryPage() {
  await requirePageRole("viewer");
  return (
    <>
      <PageHeader
        title="Sync history"
        description="Every sync run, candidate and write-back to Tracker."
      />
      <Card>
        <CardContent className="pt-6 text-sm text-muted-foreground">
          Sync history is not built yet.
        </CardContent>
      </Card>
    </>
  );
}
