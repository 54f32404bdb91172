import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { AgentForm } from "@/components/agents/agent-form";
import { AgentIntegrations } from "@/components/agents/agent-integrations";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import { AGENT_EDITOR_ROLE, findAgent } from "@/lib/actions/services/agents";
import { hasRole, requirePageRole } from "@/lib/auth/session";
import type { AgentInput } from "@/lib/validations/agent";

export const metadata: Metadata = { title: "Agent" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentPage({
  params,
}: {
  params: Promise<{ agentId: string }>;
}) {
  const viewer = await requirePageRole("viewer");
  const { agentId } = await params;
  if (!UUID.test(agentId)) notFound();

  const db = await getDb();
  const agent = await findAgent(db, viewer.workspaceId, agentId);
  if (!agent) notFound();

  const canEdit = hasRole(viewer.role, AGENT_EDITOR_ROLE);
  const formValues: AgentInput = {
    id: agent.id,
    name: agent.name,
    stepKinds: agent.workflow.map((step) => step.kind),
    jobDescription: agent.jobDescription,
    status: agent.status,
  };

  return (
    <>
      <PageHeader title={agent.name} description="Screening agent">
        <div className="flex items-center gap-3">
          <Badge variant={agent.status === "active" ? "secondary" : "outline"}>
            {agent.status === "active" ? "Active" : "Archived"}
          </Badge>
          <Link href="/agents" className="text-sm hover:underline">
            All agents
          </Link>
        </div>
      </PageHeader>
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Settings</CardTitle>
          </CardHeader>
          <CardContent>
            <AgentForm agent={formValues} readOnly={!canEdit} />
          </CardContent>
        </Card>
        <AgentIntegrations agent={agent} canEdit={canEdit} />
      </div>
    </>
  );
}
