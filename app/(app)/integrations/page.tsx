import type { Metadata } from "next";

import { ConnectionHealth } from "@/components/health/connection-health";
import { TrackerConnectionPanel } from "@/components/integrations/tracker-connection-panel";
import { PageHeader } from "@/components/shell/page-header";
import { getDb } from "@/db";
import {
  CONNECTION_ROLE,
  findConnection,
  toConnectionView,
} from "@/lib/actions/services/tracker-connection";
import { hasRole, requirePageRole } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const viewer = await requirePageRole("viewer");
  const row = await findConnection(await getDb(), viewer.workspaceId);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect your Tracker database so agents can screen its candidates."
      />
      <TrackerConnectionPanel
        connection={row ? toConnectionView(row) : null}
        canManage={hasRole(viewer.role, CONNECTION_ROLE)}
        sandboxAvailable={Boolean(getEnv().TRACKER_SANDBOX_URL)}
      />
      {row ? (
        <div className="mt-6">
          <ConnectionHealth workspaceId={viewer.workspaceId} />
        </div>
      ) : null}
    </>
  );
}
