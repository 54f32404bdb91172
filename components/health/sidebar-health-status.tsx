import Link from "next/link";

import { getDb } from "@/db";
import { getConnectionHealth } from "@/lib/health/connection-health";
import { formatDateTime } from "@/lib/views/format";
import { getWorkspaceTimeZone } from "@/lib/views/workspace-options";
import { cn } from "@/lib/utils";

/** Renders the sidebar's connection status block, a link to the details. */
export async function SidebarHealthStatus({
  workspaceId,
}: {
  workspaceId: string;
}) {
  const db = await getDb();
  const [health, timeZone] = await Promise.all([
    getConnectionHealth(db, workspaceId),
    getWorkspaceTimeZone(db, workspaceId),
  ]);
  const connected = health.connection?.status === "connected";
  const problems = health.problems.length;
  const healthy = connected && problems === 0;
  const label = !health.connection
    ? "Tracker not connected"
    : !connected
      ? "Tracker needs a new token"
      : problems > 0
        ? `${problems} open ${problems === 1 ? "problem" : "problems"}`
        : "Tracker connected";

  return (
    <Link
      href="/integrations"
      data-testid="sidebar-health"
      className="block rounded-md border p-3 text-sm hover:bg-accent"
    >
      <span className="flex items-center gap-2 font-medium">
        <span
          aria-hidden
          className={cn(
            "size-2 rounded-full",
            healthy
              ? "bg-emerald-600"
              : health.connection
                ? "bg-red-600"
                : "bg-slate-400",
          )}
        />
        {label}
      </span>
      <span className="mt-1 block text-xs text-muted-foreground">
        Last poll:{" "}
        {health.lastSuccessfulPollAt
          ? formatDateTime(health.lastSuccessfulPollAt, timeZone)
          : "none yet"}
      </span>
    </Link>
  );
}
