import {
  bigserial,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

import { workspaces } from "./workspaces";

export const trackerRegionEnum = pgEnum("tracker_region", [
  "US",
  "CA",
  "Other",
  "Sandbox",
]);

export const connectionStatusEnum = pgEnum("tracker_connection_status", [
  "connected",
  "needs_token",
]);

/** One Tracker connection per workspace; secrets are stored encrypted. */
export const trackerConnections = pgTable("tracker_connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  workspaceId: uuid("workspace_id")
    .notNull()
    .unique()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  region: trackerRegionEnum("region").notNull(),
  apiVersion: integer("api_version").notNull().default(1),
  // Set only for the sandbox and tests; null means the region's host.
  baseUrl: text("base_url"),
  accessTokenEncrypted: text("access_token_encrypted").notNull(),
  accessTokenLast4: text("access_token_last4").notNull(),
  // IANA zone of the Tracker database; Tracker returns local times.
  timeZone: text("time_zone").notNull(),
  status: connectionStatusEnum("status").notNull().default("connected"),
  statusReason: text("status_reason"),
  // Tracker allows about 100 requests a minute per access token.
  requestsPerMinute: integer("requests_per_minute").notNull().default(100),
  createdAt: timestamp("created_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
});

/**
 * The requests sent to Tracker in the last few minutes, shared by every
 * process: one row per request, or one per chunk of budget slots taken in
 * one statement, counting `slots` requests. Tracker counts requests per access token, not per
 * workspace, so rows are keyed by `budget_key`, a SHA-256 digest of the
 * API origin and the token. Two workspaces with one token, a reconnected
 * token and the connect form's check all draw on one budget. Rows also
 * carry the connection, because a token replaced after a regeneration
 * likely opens the same Tracker account, whose old requests still count.
 */
export const trackerRequestLog = pgTable(
  "tracker_request_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    budgetKey: text("budget_key").notNull(),
    // Null for the connect form's check of a token not saved yet.
    connectionId: uuid("connection_id"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    // Requests the row counts: 1 for a single request, the slots of a
    // chunk not given back for a chunk (0 once all are given back).
    slots: integer("slots").notNull().default(1),
  },
  (table) => [
    index("tracker_request_log_key_sent_idx").on(table.budgetKey, table.sentAt),
    index("tracker_request_log_connection_sent_idx").on(
      table.connectionId,
      table.sentAt,
    ),
  ],
);

export type TrackerConnection = typeof trackerConnections.$inferSelect;
export type NewTrackerConnection = typeof trackerConnections.$inferInsert;

/**
 * The JWT of one access token, shared by every connection and process that
 * uses the token, because Tracker keeps one live JWT per token and each
 * exchange revokes the one before. Keyed like `tracker_request_log`.
 */
export const trackerSessions = pgTable("tracker_sessions", {
  tokenKey: text("token_key").primaryKey(),
  jwtEncrypted: text("jwt_encrypted"),
  jwtExpiresAt: timestamp("jwt_expires_at", { withTimezone: true }),
  // Lease taken by the one process exchanging the token for a new JWT; it
  // expires on its own so a crashed process cannot block the token.
  exchangeLockHolder: text("exchange_lock_holder"),
  exchangeLockExpiresAt: timestamp("exchange_lock_expires_at", {
    withTimezone: true,
  }),
});
