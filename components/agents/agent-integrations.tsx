import type { Agent } from "@/db/schema";

/** The agent's Integrations section: ATS mappings and inbound backfills. */
export async function AgentIntegrations({
  agent: _agent,
  canEdit: _canEdit,
}: {
  agent: Agent;
  canEdit: boolean;
}) {
  return null;
}
