import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { AgentSummary } from "@/lib/actions/services/agents";
import { WORKFLOW_STEP_LABELS } from "@/lib/validations/agent";

export function AgentsTable({ agents }: { agents: AgentSummary[] }) {
  if (agents.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No agents yet. Create one, then map Tracker jobs to it.
      </p>
    );
  }
  return (
    <Table aria-label="Agents">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Workflow</TableHead>
          <TableHead>Mapped jobs</TableHead>
          <TableHead>Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {agents.map((agent) => (
          <TableRow key={agent.id}>
            <TableCell className="font-medium">
              <Link href={`/agents/${agent.id}`} className="hover:underline">
                {agent.name}
              </Link>
            </TableCell>
            <TableCell>
              {agent.workflow
                .map((step) => WORKFLOW_STEP_LABELS[step.kind] ?? step.kind)
                .join(" → ")}
            </TableCell>
            <TableCell>{agent.activeMappings}</TableCell>
            <TableCell>
              <Badge
                variant={agent.status === "active" ? "secondary" : "outline"}
              >
                {agent.status === "active" ? "Active" : "Archived"}
              </Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
