import type { Metadata } from "next";

import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { AGENT_EDITOR_ROLE } from "@/lib/actions/services/agents";
import { requirePageRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New agent" };

export default async function NewAgentPage() {
  await requirePageRole(AGENT_EDITOR_ROLE);
  return (
    <>
      <PageHeader
        title="New agent"
        description="Name the agent and pick the steps each candidate goes through."
      />
      <Card>
        <CardContent className="pt-6">
          <AgentForm />
        </CardContent>
      </Card>
    </>
  );
}
