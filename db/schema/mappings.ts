import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { agents } from "./agents";
import { trackerConnections } from "./tracker";
import { workspaces } from "./workspaces";

export const jobMappingStatusEnum = pgEnum("job_mapping_status", [
  "active",
  "removed",
]);

/**
 * A Tracker job mapped to an agent: candidates whose placement on that job
 * moves into the trigger stage are pulled into the agent's workflow. While
 * the connection has no working token (disconnected or needs_token) the
 * mapping is paused, and it resumes when a token is saved again.
 */
export const jobMappings = pgTable(
  "job_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(
      () => trackerConnections.id,
      { onDelete: "set null" },
    ),
    trackerJobId: integer("tracker_job_id").notNull(),
    jobTitle: text("job_title").notNull(),
    jobClient: text("job_client"),
    triggerStatusId: integer("trigger_status_id").notNull(),
    triggerStatusName: text("trigger_status_name").notNull(),
    // Tracker's broad category of the trigger stage, such as "Shortlisted".
    triggerGroup: text("trigger_group").notNull(),
    status: jobMappingStatusEnum("status").notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    // Set by the sync engine at its first poll after the mapping is created
    // or remapped; placements already in the stage then are not pulled.
    baselineRecordedAt: timestamp("baseline_recorded_at", {
      withTimezone: true,
    }),
  },
  (table) => [
    // One (job, trigger stage) pair belongs to one agent at a time.
    uniqueIndex("job_mappings_active_job_stage_key")
      .on(table.workspaceId, table.trackerJobId, table.triggerStatusId)
      .where(sql`${table.status} = 'active'`),
    index("job_mappings_agent_id_idx").on(table.agentId),
    index("job_mappings_connection_id_idx").on(table.connectionId),
  ],
);

export const backfillStatusEnum = pgEnum("backfill_status", [
  "queued",
  "running",
  "completed",
  "cancelled",
  "failed",
]);

/**
 * A one-off pull of candidates who were already on a mapped job before it
 * was mapped. The admin screens insert it as queued; the sync engine runs
 * it in pages and updates the counts and next_page as it goes.
 */
export const backfills = pgTable(
  "backfills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => jobMappings.id, { onDelete: "cascade" }),
    // Inclusive last day, in the Tracker database's time zone; null means
    // everyone who applied before the mapping was created.
    upToDate: date("up_to_date", { mode: "string" }),
    stageFilterId: integer("stage_filter_id"),
    stageFilterName: text("stage_filter_name"),
    status: backfillStatusEnum("status").notNull().default("queued"),
    // Candidates the preview counted; the engine may correct it when it runs.
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    // 1-based page of OpportunityResource/Search to read next.
    nextPage: integer("next_page").notNull().default(1),
    error: text("error"),
    requestedBy: uuid("requested_by"),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (table) => [
    // At most one unfinished backfill per mapping.
    uniqueIndex("backfills_one_open_per_mapping_key")
      .on(table.mappingId)
      .where(sql`${table.status} in ('queued', 'running')`),
    index("backfills_workspace_id_idx").on(table.workspaceId),
  ],
);

export type JobMapping = typeof jobMappings.$inferSelect;
export type NewJobMapping = typeof jobMappings.$inferInsert;
export type Backfill = typeof backfills.$inferSelect;
export type BackfillStatus = (typeof backfillStatusEnum.enumValues)[number];
