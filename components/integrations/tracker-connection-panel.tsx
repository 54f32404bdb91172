"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import type {
  ConnectionView,
  ConnectResult,
} from "@/lib/actions/services/tracker-connection";
import { REGION_LABELS } from "@/lib/validations/tracker-connection";

import { ConnectTrackerForm } from "./connect-tracker-form";
import { DisconnectDialog } from "./disconnect-dialog";
import { ReplaceTokenDialog } from "./replace-token-dialog";
import { TimeZoneForm } from "./time-zone-form";

type Notice = { title: string; lines: string[] };

function noticeFor(result: ConnectResult, verb: string): Notice {
  const { connection, stageCount, stageGroups } = result;
  return {
    title: `${verb}: Tracker accepted the access token.`,
    lines: [
      `Found ${stageCount} placement stages in ${stageGroups.length} ` +
        `categories (${stageGroups.join(", ")}).`,
      `Times from this Tracker database are read in ${connection.timeZone}; ` +
        "change it below if your database runs in another zone.",
    ],
  };
}

/** Renders the Tracker card of the Integrations page for every role. */
export function TrackerConnectionPanel({
  connection,
  canManage,
  sandboxAvailable,
}: {
  connection: ConnectionView | null;
  canManage: boolean;
  sandboxAvailable: boolean;
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice | null>(null);
  const connected = connection && connection.state !== "disconnected";

  const show = (next: Notice) => {
    setNotice(next);
    router.refresh();
  };

  return (
    <Card>
      <CardHeader>
        <div className="flex items-center justify-between gap-4">
          <CardTitle>Tracker</CardTitle>
          <StateBadge connection={connection} />
        </div>
        <CardDescription>
          Tracker Relay reads jobs and placements from your Tracker database and
          writes screening results back to it.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        {notice ? (
          <Alert variant="success" data-testid="connection-notice">
            <AlertTitle>{notice.title}</AlertTitle>
            <AlertDescription>
              {notice.lines.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </AlertDescription>
          </Alert>
        ) : null}

        {connection?.state === "needs_token" ? (
          <Alert variant="destructive">
            <AlertTitle>Tracker rejected the stored access token.</AlertTitle>
            <AlertDescription>
              {connection.statusReason ??
                "Someone may have generated a new token in Tracker."}{" "}
              Sync is paused; paste the current token with Replace token.
            </AlertDescription>
          </Alert>
        ) : null}

        {connected ? (
          <>
            <dl className="grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
              <dt className="text-muted-foreground">Region</dt>
              <dd>{REGION_LABELS[connection.region]}</dd>
              <dt className="text-muted-foreground">API version</dt>
              <dd>{connection.apiVersion}</dd>
              <dt className="text-muted-foreground">Access token</dt>
              <dd data-testid="token-last4">
                •••• {connection.accessTokenLast4}
              </dd>
            </dl>
            <TimeZoneForm
              timeZone={connection.timeZone}
              readOnly={!canManage}
            />
            {canManage ? (
              <>
                <Separator />
                <div className="flex flex-wrap gap-3">
                  <ReplaceTokenDialog
                    highlight={connection.state === "needs_token"}
                    onReplaced={(result) =>
                      show(noticeFor(result, "Token replaced"))
                    }
                  />
                  <DisconnectDialog
                    onDisconnected={(message) =>
                      show({ title: message, lines: [] })
                    }
                  />
                </div>
              </>
            ) : null}
          </>
        ) : null}

        {!connected && canManage ? (
          <>
            {connection?.state === "disconnected" ? (
              <p className="text-sm text-muted-foreground">
                Tracker was disconnected; job mappings are paused. Connect again
                to resume them. If you connect a different Tracker database,
                remove the old mappings first, because their job IDs belong to
                the old database.
              </p>
            ) : null}
            <ConnectTrackerForm
              sandboxAvailable={sandboxAvailable}
              onConnected={(result) => show(noticeFor(result, "Connected"))}
            />
          </>
        ) : null}

        {!canManage ? (
          <p className="text-sm text-muted-foreground">
            You have read-only access; only a workspace admin can connect,
            replace the token or disconnect.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function StateBadge({ connection }: { connection: ConnectionView | null }) {
  if (!connection || connection.state === "disconnected") {
    return (
      <Badge variant="outline" data-testid="connection-state">
        Not connected
      </Badge>
    );
  }
  if (connection.state === "needs_token") {
    return (
      <Badge variant="destructive" data-testid="connection-state">
        Needs a new token
      </Badge>
    );
  }
  return (
    <Badge variant="secondary" data-testid="connection-state">
      Connected
    </Badge>
  );
}
