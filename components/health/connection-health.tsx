import { AlertTriangle, CheckCircle2 } from "lucide-react";

import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db";
import {
  getConnectionHealth,
  type ConnectionHealth as Health,
} from "@/lib/health/connection-health";
import { formatDateTime } from "@/lib/views/format";
import { getWorkspaceTimeZone } from "@/lib/views/workspace-options";

/**
 * Connection health for the Integrations page: status, last and next
 * poll, and each open problem with what an admin should do meanwhile.
 * Place it as `<ConnectionHealth workspaceId={viewer.workspaceId} />`.
 */
export async function ConnectionHealth({
  workspaceId,
}: {
  workspaceId: string;
}) {
  const db = await getDb();
  const [health, timeZone] = await Promise.all([
    getConnectionHealth(db, workspaceId),
    getWorkspaceTimeZone(db, workspaceId),
  ]);
  return <ConnectionHealthCard health={health} timeZone={timeZone} />;
}

function statusText(health: Health): string {
  if (!health.connection) return "Not connected";
  return health.connection.status === "connected"
    ? "Connected"
    : "Paused: needs a new access token";
}

export function ConnectionHealthCard({
  health,
  timeZone,
}: {
  health: Health;
  timeZone: string;
}) {
  const time = (iso: string | null, fallback: string) =>
    iso ? formatDateTime(iso, timeZone) : fallback;
  const facts: [string, string][] = [
    ["Status", statusText(health)],
    ["Last successful poll", time(health.lastSuccessfulPollAt, "None yet")],
    [
      "Next poll",
      health.nextPollAt
        ? `About ${formatDateTime(health.nextPollAt, timeZone)}`
        : "None while the connection is paused",
    ],
  ];
  return (
    <Card data-testid="connection-health">
      <CardHeader>
        <CardTitle>
          <h2>Connection health</h2>
        </CardTitle>
        <p className="text-sm text-muted-foreground">Times in {timeZone}</p>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        {health.problems.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-emerald-800">
            <CheckCircle2 aria-hidden className="size-4" />
            No open problems.
          </p>
        ) : (
          <section
            aria-labelledby="open-problems-heading"
            className="space-y-3"
          >
            <h3 id="open-problems-heading" className="text-sm font-semibold">
              Open problems ({health.problems.length})
            </h3>
            <ul className="space-y-3">
              {health.problems.map((problem, index) => (
                <li
                  key={`${problem.kind}-${index}`}
                  className="rounded-lg border border-red-700/30 p-3 text-sm"
                  data-testid="health-problem"
                >
                  <p className="flex items-center gap-2 font-medium text-red-900">
                    <AlertTriangle aria-hidden className="size-4" />
                    {problem.title}
                    {problem.jobTitle ? `: ${problem.jobTitle}` : ""}
                  </p>
                  <p className="mt-1 break-words text-muted-foreground">
                    {problem.detail}
                  </p>
                  <p className="mt-1">{problem.impact}</p>
                  <p className="mt-1">
                    <span className="font-medium">What to do: </span>
                    {problem.action}
                  </p>
                  <p className="mt-1 text-xs text-muted-foreground">
                    {problem.openedAt
                      ? `Open since ${formatDateTime(problem.openedAt, timeZone)}`
                      : "Found just now"}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        )}
      </CardContent>
    </Card>
  );
}
