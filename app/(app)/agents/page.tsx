import type { Metadata } from "next";
import Link from "next/link";

import { AgentsTable } from "@/components/agents/agents-table";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { getDb } from "@/db";
import { AGENT_EDITOR_ROLE, listAgents } from "@/lib/actions/services/agents";
import { hasRole, requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const viewer = await requirePageRole("viewer");
  const agents = await listAgents(await getDb(), viewer.workspaceId);
  return (
    <>
      <PageHeader
        title="Agents"
        description="Screening agents and the Tracker jobs they are mapped to."
      >
        {hasRole(viewer.role, AGENT_EDITOR_ROLE) ? (
          <Button asChild>
            <Link href="/agents/new">New agent</Link>
          </Button>
        ) : null}
      </PageHeader>
      <Card>
        <CardContent className="pt-6">
          <AgentsTable agents={agents} />
        </CardContent>
      </Card>
    </>
  );
}
