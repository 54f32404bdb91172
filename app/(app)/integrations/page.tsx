import type { Metadata } from "next";

import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  await requirePageRole("viewer");
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect your Tracker database so agents can screen its candidates."
      />
      <Card>
        <CardContent className="pt-6 text-sm text-muted-foreground">
          The Tracker connection form is not built yet.
        </CardContent>
      </Card>
    </>
  );
}
