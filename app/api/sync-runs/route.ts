// GET /api/sync-runs?agent=&job=&status=&from=&to=&after=&before=
//
// One page of the signed-in user's workspace sync runs, the same shape the
// sync history page renders; its table polls this route for live updates.
// Requires a session with the viewer role or higher.
import { NextResponse, type NextRequest } from "next/server";

import { getDb } from "@/db";
import { getViewer, hasRole } from "@/lib/auth/session";
import { getLogger } from "@/lib/logger";
import { parseSyncHistoryFilters } from "@/lib/views/sync-history-filters";
import { listSyncRuns } from "@/lib/views/sync-runs";
import { getWorkspaceTimeZone } from "@/lib/views/workspace-options";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const viewer = await getViewer();
  if (!viewer) {
    return NextResponse.json(
      { error: "Not signed in. Sign in again to load sync runs." },
      { status: 401 },
    );
  }
  if (!hasRole(viewer.role, "viewer")) {
    return NextResponse.json(
      { error: `Your role ${viewer.role} cannot read sync runs.` },
      { status: 403 },
    );
  }

  const filters = parseSyncHistoryFilters(request.nextUrl.searchParams);
  try {
    const db = await getDb();
    const timeZone = await getWorkspaceTimeZone(db, viewer.workspaceId);
    const page = await listSyncRuns(db, viewer.workspaceId, filters, {
      timeZone,
    });
    return NextResponse.json(page, {
      headers: { "cache-control": "no-store" },
    });
  } catch (error) {
    getLogger("api.sync-runs").error(
      { err: error, workspaceId: viewer.workspaceId, userId: viewer.userId },
      "listing sync runs failed",
    );
    return NextResponse.json(
      { error: "Loading sync runs failed; try again in a minute." },
      { status: 500 },
    );
  }
}
