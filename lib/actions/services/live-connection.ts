import type { Db } from "@/db";
import type { TrackerConnection } from "@/db/schema";

import { ActionError } from "../action-error";
import { findConnection, toConnectionView } from "./tracker-connection";

/**
 * Returns the workspace's connection when it can call Tracker now, or
 * throws an ActionError that names what the user must fix first.
 */
export async function requireLiveConnection(
  db: Db,
  workspaceId: string,
): Promise<TrackerConnection> {
  const row = await findConnection(db, workspaceId);
  const state = row ? toConnectionView(row).state : "disconnected";
  if (!row || state === "disconnected") {
    throw new ActionError(
      "Tracker is not connected; an admin must connect it on the " +
        "Integrations page first.",
    );
  }
  if (state === "needs_token") {
    throw new ActionError(
      "Tracker rejected the stored access token; an admin must replace it " +
        "on the Integrations page first.",
    );
  }
  return row;
}
