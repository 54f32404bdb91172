import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requirePageRole("viewer");
  return (
    <>
      <PageHeader
        title="Agents"
        description="Screening agents and the Tracker jobs they are mapped to."
      />
      <Card>
        <CardContent className="pt-6 text-sm text-muted-foreground">
          Agents are not built yet.
        </CardContent>
      </Card>
    </>
  );
}
