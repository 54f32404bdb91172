import { sql } from "drizzle-orm";
import {
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { workspaces } from "./workspaces";

/**
 * Connection health: the problems an admin has to know about and the alert
 * mails sent for them.
 */

export const PROBLEM_KINDS = [
  "token_rejected",
  "rate_limited",
  "job_unavailable",
  "stage_deleted",
  "write_backs_failing",
] as const;

export const problemKindEnum = pgEnum("health_problem_kind", PROBLEM_KINDS);

/**
 * One stretch of time during which a problem held. The row closes when the
 * cause is gone. The same problem coming back later opens a new row, so
 * each row gets one "opened" and one "resolved" alert.
 */
export const healthProblems = pgTable(
  "health_problems",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: problemKindEnum("kind").notNull(),
    // Subject of the problem: a job mapping id for job and stage
    // problems, "" for connection-wide ones.
    subject: text("subject").notNull().default(""),
    detail: text("detail").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("health_problems_one_open_key")
      .on(table.workspaceId, table.kind, table.subject)
      .where(sql`${table.resolvedAt} is null`),
    index("health_problems_workspace_opened_idx").on(
      table.workspaceId,
      table.openedAt.desc(),
    ),
  ],
);

export const alertEventEnum = pgEnum("health_alert_event", [
  "opened",
  "resolved",
]);

/**
 * The alert mails sent about a problem. The unique key is what keeps it to
 * one mail per problem opening and one per fix, however many runs see it.
 */
export const healthAlerts = pgTable(
  "health_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    problemId: uuid("problem_id")
      .notNull()
      .references(() => healthProblems.id, { onDelete: "cascade" }),
    event: alertEventEnum("event").notNull(),
    recipients: text("recipients").array().notNull(),
    // Null until every recipient's mail was handed to the transport.
    sentAt: timestamp("sent_at", { withTimezone: true }),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    unique("health_alerts_problem_event_key").on(table.problemId, table.event),
  ],
);

export type ProblemKind = (typeof PROBLEM_KINDS)[number];
export type HealthProblem = typeof healthProblems.$inferSelect;
export type HealthAlert = typeof healthAlerts.$inferSelect;
