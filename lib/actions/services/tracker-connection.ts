import { and, eq } from "drizzle-orm";

import type { Db } from "@/db";
import { trackerConnections, type TrackerConnection } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { getLogger } from "@/lib/logger";
import { forgetConnectionJwt } from "@/lib/tracker";
import { defaultTimeZone } from "@/lib/tracker/hosts";
import {
  connectTrackerSchema,
  replaceTrackerTokenSchema,
  trackerTimeZoneSchema,
  type ConnectTrackerInput,
  type ReplaceTrackerTokenInput,
  type TrackerTimeZoneInput,
} from "@/lib/validations/tracker-connection";

import { ActionError } from "../action-error";
import { assertRole, type Actor } from "./actor";
import {
  checkTrackerLive,
  type TrackerEndpointSettings,
} from "./tracker-gateway";

const log = getLogger("tracker-connection");

/** Only workspace admins manage the connection, because it stores a secret. */
export const CONNECTION_ROLE = "admin" as const;

// A disconnected connection keeps its row, because screenings and sync
// state hang off it, but its token is replaced by this empty value.
export const DISCONNECTED_LAST4 = "";

export type ConnectionState = "connected" | "needs_token" | "disconnected";

/** The browser's view of a connection, without the token or the JWT. */
export type ConnectionView = {
  id: string;
  region: TrackerConnection["region"];
  apiVersion: number;
  timeZone: string;
  accessTokenLast4: string;
  state: ConnectionState;
  statusReason: string | null;
  updatedAt: string;
};

export type ConnectResult = {
  connection: ConnectionView;
  stageCount: number;
  stageGroups: string[];
};

export function toConnectionView(row: TrackerConnection): ConnectionView {
  let state: ConnectionState = row.status;
  if (row.accessTokenLast4 === DISCONNECTED_LAST4) state = "disconnected";
  return {
    id: row.id,
    region: row.region,
    apiVersion: row.apiVersion,
    timeZone: row.timeZone,
    accessTokenLast4: row.accessTokenLast4,
    state,
    statusReason: row.statusReason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findConnection(
  db: Db,
  workspaceId: string,
): Promise<TrackerConnection | undefined> {
  const [row] = await db
    .select()
    .from(trackerConnections)
    .where(eq(trackerConnections.workspaceId, workspaceId));
  return row;
}

/** Options that come from the server's environment, not from the form. */
export type ConnectionOptions = { sandboxUrl?: string };

function endpointFor(
  region: TrackerConnection["region"],
  apiVersion: number,
  options: ConnectionOptions,
): TrackerEndpointSettings {
  if (region !== "Sandbox") return { region, apiVersion, baseUrl: null };
  if (!options.sandboxUrl) {
    throw new ActionError("The Sandbox region is not available here.", {
      region: [
        "Sandbox is only offered when TRACKER_SANDBOX_URL is set on the " +
          "server; pick US, CA or Other.",
      ],
    });
  }
  return { region, apiVersion, baseUrl: options.sandboxUrl };
}

function last4(token: string): string {
  return token.slice(-4);
}

/**
 * Checks the token live against Tracker and saves the connection only when
 * the check passes. Works on a workspace with no connection and on one
 * that was disconnected; a live connection must use replaceTrackerToken.
 */
export async function connectTracker(
  db: Db,
  actor: Actor,
  input: ConnectTrackerInput,
  options: ConnectionOptions,
): Promise<ConnectResult> {
  assertRole(actor, CONNECTION_ROLE);
  const values = connectTrackerSchema.parse(input);
  const existing = await findConnection(db, actor.workspaceId);
  if (existing && toConnectionView(existing).state !== "disconnected") {
    throw new ActionError(
      "This workspace is already connected to Tracker. Use Replace token " +
        "to change the access token, or Disconnect first.",
    );
  }

  const endpoint = endpointFor(values.region, values.apiVersion, options);
  const check = await checkTrackerLive(db, {
    ...endpoint,
    accessToken: values.accessToken,
  });
  const timeZone = check.timeZone ?? defaultTimeZone(values.region);
  const fields = {
    region: values.region,
    apiVersion: values.apiVersion,
    baseUrl: endpoint.baseUrl,
    accessTokenEncrypted: encryptSecret(values.accessToken),
    accessTokenLast4: last4(values.accessToken),
    timeZone,
    status: "connected" as const,
    statusReason: null,
    updatedAt: new Date(),
  };

  // The unique workspace_id turns a concurrent second connect into an
  // update of the same row instead of a second connection.
  // NOTE: a reconnect keeps the row's mappings, placement states and crawl
  // cursor. If the new token opens a different Tracker database, its job
  // and placement ids are read against the old database's state.
  const [row] = await db
    .insert(trackerConnections)
    .values({ ...fields, workspaceId: actor.workspaceId })
    .onConflictDoUpdate({ target: trackerConnections.workspaceId, set: fields })
    .returning();
  log.info(
    {
      workspaceId: actor.workspaceId,
      connectionId: row!.id,
      region: values.region,
      stageCount: check.stages.length,
    },
    "tracker connected",
  );
  return {
    connection: toConnectionView(row!),
    stageCount: check.stages.length,
    stageGroups: groupsOf(check.stages),
  };
}

function groupsOf(stages: { group: string | null }[]): string[] {
  return [...new Set(stages.map((stage) => stage.group ?? "Ungrouped"))];
}

export async function requireConnection(
  db: Db,
  workspaceId: string,
): Promise<TrackerConnection> {
  const row = await findConnection(db, workspaceId);
  if (!row) {
    throw new ActionError(
      "This workspace has no Tracker connection; connect Tracker first.",
    );
  }
  return row;
}

/**
 * Checks a new access token against the connection's region and version,
 * then stores it. A connection marked needs_token becomes connected again.
 */
export async function replaceTrackerToken(
  db: Db,
  actor: Actor,
  input: ReplaceTrackerTokenInput,
  options: ConnectionOptions,
): Promise<ConnectResult> {
  assertRole(actor, CONNECTION_ROLE);
  const values = replaceTrackerTokenSchema.parse(input);
  const existing = await requireConnection(db, actor.workspaceId);
  const endpoint =
    existing.region === "Sandbox"
      ? endpointFor("Sandbox", existing.apiVersion, {
          sandboxUrl: existing.baseUrl ?? options.sandboxUrl,
        })
      : {
          region: existing.region,
          apiVersion: existing.apiVersion,
          baseUrl: existing.baseUrl,
        };
  const check = await checkTrackerLive(db, {
    ...endpoint,
    accessToken: values.accessToken,
  });

  // The old JWT belongs to the old token; the new one is exchanged anew.
  await forgetConnectionJwt(db, existing);
  const [row] = await db
    .update(trackerConnections)
    .set({
      accessTokenEncrypted: encryptSecret(values.accessToken),
      accessTokenLast4: last4(values.accessToken),
      status: "connected",
      statusReason: null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(trackerConnections.id, existing.id),
        eq(trackerConnections.workspaceId, actor.workspaceId),
      ),
    )
    .returning();
  log.info(
    {
      workspaceId: actor.workspaceId,
      connectionId: existing.id,
      previousStatus: existing.status,
    },
    "tracker access token replaced",
  );
  return {
    connection: toConnectionView(row!),
    stageCount: check.stages.length,
    stageGroups: groupsOf(check.stages),
  };
}

export async function updateTrackerTimeZone(
  db: Db,
  actor: Actor,
  input: TrackerTimeZoneInput,
): Promise<ConnectionView> {
  assertRole(actor, CONNECTION_ROLE);
  const values = trackerTimeZoneSchema.parse(input);
  const existing = await requireConnection(db, actor.workspaceId);
  const [row] = await db
    .update(trackerConnections)
    .set({ timeZone: values.timeZone, updatedAt: new Date() })
    .where(
      and(
        eq(trackerConnections.id, existing.id),
        eq(trackerConnections.workspaceId, actor.workspaceId),
      ),
    )
    .returning();
  log.info(
    {
      workspaceId: actor.workspaceId,
      connectionId: existing.id,
      timeZone: values.timeZone,
    },
    "tracker time zone changed",
  );
  return toConnectionView(row!);
}
