import { sql } from "drizzle-orm";
import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

import { agents } from "./agents";
import { backfills, jobMappings } from "./mappings";
import { trackerConnections } from "./tracker";
import { workspaces } from "./workspaces";

/**
 * Tables of the sync engine: what each Tracker placement looked like at the
 * last poll, where an unfinished crawl stopped, the candidates pulled, their
 * screenings, the write-backs to Tracker and one row per engine run.
 */

// postgres.js returns bytea as a Buffer and PGlite as a Uint8Array.
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/**
 * Status of each placement on a mapped job as of the last poll that
 * handled it. A poll compares the live status with this row to find stage
 * entries, so Tracker's timestamps and our clock never decide a pull.
 */
export const placementStates = pgTable(
  "placement_states",
  {
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => trackerConnections.id, { onDelete: "cascade" }),
    // Tracker's opportunityResourceId.
    placementId: integer("placement_id").notNull(),
    jobId: integer("job_id").notNull(),
    candidateId: integer("candidate_id").notNull(),
    statusId: integer("status_id").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.connectionId, table.placementId] }),
    index("placement_states_connection_job_idx").on(
      table.connectionId,
      table.jobId,
    ),
  ],
);

/** A mapping as a crawl saw it when the crawl started. */
export type CrawlMapping = {
  id: string;
  trackerJobId: number;
  triggerStatusId: number;
};

/**
 * One row per connection while a placement crawl is unfinished. next_page
 * moves in the same transaction that stores the page's rows, and the lease
 * keeps two pollers off one connection.
 */
export const crawlCursors = pgTable("crawl_cursors", {
  connectionId: uuid("connection_id")
    .primaryKey()
    .references(() => trackerConnections.id, { onDelete: "cascade" }),
  nextPage: integer("next_page").notNull().default(1),
  // Null when no crawl is in progress.
  crawlStartedAt: timestamp("crawl_started_at", { withTimezone: true }),
  // Active mappings when the crawl started. Only these, still on the same
  // job and stage, had every page of the crawl, so only their baseline can
  // be recorded when it ends.
  crawlMappings: jsonb("crawl_mappings").$type<CrawlMapping[]>(),
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
  lastCompletedAt: timestamp("last_completed_at", { withTimezone: true }),
  updatedAt: updatedAt(),
});

/** A Tracker candidate as read at intake, with the resume used. */
export const candidates = pgTable(
  "candidates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => trackerConnections.id, { onDelete: "cascade" }),
    trackerCandidateId: integer("tracker_candidate_id").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    email: text("email"),
    mobilePhone: text("mobile_phone"),
    telephone: text("telephone"),
    resumeDocumentId: integer("resume_document_id"),
    resumeFilename: text("resume_filename"),
    resumeContent: bytea("resume_content"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    unique("candidates_connection_candidate_key").on(
      table.connectionId,
      table.trackerCandidateId,
    ),
    index("candidates_workspace_id_idx").on(table.workspaceId),
  ],
);

/**
 * Screening states in the only order they may take; a state never moves
 * back. completed, knocked_out, expired and failed are final results, and
 * written_back follows once Tracker has the Activity.
 */
export const SCREENING_STATES = [
  "pulled",
  "invited",
  "in_progress",
  "completed",
  "knocked_out",
  "expired",
  "failed",
  "written_back",
] as const;

export const screeningStateEnum = pgEnum("screening_state", SCREENING_STATES);

export const screeningSourceEnum = pgEnum("screening_source", [
  "poll",
  "backfill",
  "manual",
]);

/** One candidate's pass through one mapping's agent workflow. */
export const screenings = pgTable(
  "screenings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => trackerConnections.id, { onDelete: "cascade" }),
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => jobMappings.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    backfillId: uuid("backfill_id").references(() => backfills.id, {
      onDelete: "set null",
    }),
    source: screeningSourceEnum("source").notNull(),
    trackerPlacementId: integer("tracker_placement_id").notNull(),
    trackerJobId: integer("tracker_job_id").notNull(),
    trackerCandidateId: integer("tracker_candidate_id").notNull(),
    candidateId: uuid("candidate_id").references(() => candidates.id, {
      onDelete: "set null",
    }),
    // 0 for the screening a poll or backfill pulls; each re-screen an
    // admin requests for the same placement and mapping adds one.
    rescreenNumber: integer("rescreen_number").notNull().default(0),
    state: screeningStateEnum("state").notNull().default("pulled"),
    // Overall score from 0 to 100 once the workflow has a result.
    score: real("score"),
    summary: text("summary"),
    result: jsonb("result").$type<Record<string, unknown>>(),
    failureReason: text("failure_reason"),
    // Unguessable id of the PDF report link, APP_URL/report/<token>.
    reportToken: text("report_token")
      .notNull()
      .unique()
      // Two v4 UUIDs give 244 random bits without the pgcrypto extension.
      .default(
        sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`,
      ),
    intakeAttempts: integer("intake_attempts").notNull().default(0),
    // Intake lease while a job reads the candidate from Tracker; after a
    // retryable failure it holds the time of the next attempt instead.
    intakeLeaseExpiresAt: timestamp("intake_lease_expires_at", {
      withTimezone: true,
    }),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    writtenBackAt: timestamp("written_back_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // A second pull of the same placement for the same mapping is a no-op,
    // because pulls always insert rescreen number 0.
    unique("screenings_placement_mapping_key").on(
      table.workspaceId,
      table.connectionId,
      table.trackerPlacementId,
      table.mappingId,
      table.rescreenNumber,
    ),
    index("screenings_state_idx").on(table.state),
    index("screenings_workspace_created_idx").on(
      table.workspaceId,
      table.createdAt.desc(),
    ),
    index("screenings_mapping_id_idx").on(table.mappingId),
  ],
);

/** Audit trail of each screening's state changes. */
export const screeningEvents = pgTable(
  "screening_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    screeningId: uuid("screening_id")
      .notNull()
      .references(() => screenings.id, { onDelete: "cascade" }),
    fromState: screeningStateEnum("from_state"),
    toState: screeningStateEnum("to_state").notNull(),
    detail: text("detail"),
    createdAt: createdAt(),
  },
  (table) => [
    index("screening_events_screening_idx").on(
      table.screeningId,
      table.createdAt,
    ),
  ],
);

export const writeBackStatusEnum = pgEnum("write_back_status", [
  "pending",
  "running",
  "succeeded",
  "failed",
]);

/**
 * The Activity and report attachment owed to Tracker for one final
 * screening. The *_attempted_at columns are set before each POST, so after
 * a lost reply the next attempt searches Tracker before writing again.
 */
export const writeBacks = pgTable(
  "write_backs",
  {
    screeningId: uuid("screening_id")
      .primaryKey()
      .references(() => screenings.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => trackerConnections.id, { onDelete: "cascade" }),
    status: writeBackStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    activityAttemptedAt: timestamp("activity_attempted_at", {
      withTimezone: true,
    }),
    activityId: integer("activity_id"),
    documentAttemptedAt: timestamp("document_attempted_at", {
      withTimezone: true,
    }),
    documentId: integer("document_id"),
    lastError: text("last_error"),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("write_backs_due_idx").on(table.status, table.nextAttemptAt),
  ],
);

export const syncRunKindEnum = pgEnum("sync_run_kind", [
  "poll",
  "backfill",
  "intake",
  "write_back",
]);

export const syncRunStatusEnum = pgEnum("sync_run_status", [
  "running",
  "succeeded",
  // Stopped at the time budget or a paused connection; resumes next run.
  "partial",
  "failed",
  "skipped",
]);

/** Counts of one mapping inside a connection-wide poll. */
export type MappingRunCounts = {
  placementsScanned: number;
  candidatesPulled: number;
  baselineOnly: boolean;
};

/** One poll, backfill slice, intake batch or write-back batch. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(
      () => trackerConnections.id,
      { onDelete: "set null" },
    ),
    // Null for a connection-wide poll; see mappingCounts for its split.
    mappingId: uuid("mapping_id").references(() => jobMappings.id, {
      onDelete: "set null",
    }),
    backfillId: uuid("backfill_id").references(() => backfills.id, {
      onDelete: "set null",
    }),
    kind: syncRunKindEnum("kind").notNull(),
    status: syncRunStatusEnum("status").notNull().default("running"),
    startedAt: timestamp("started_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    pagesRead: integer("pages_read").notNull().default(0),
    placementsScanned: integer("placements_scanned").notNull().default(0),
    candidatesPulled: integer("candidates_pulled").notNull().default(0),
    screeningsDispatched: integer("screenings_dispatched").notNull().default(0),
    resultsWrittenBack: integer("results_written_back").notNull().default(0),
    failures: integer("failures").notNull().default(0),
    trackerRequests: integer("tracker_requests").notNull().default(0),
    mappingCounts: jsonb("mapping_counts")
      .$type<Record<string, MappingRunCounts>>()
      .notNull()
      .default({}),
    error: text("error"),
  },
  (table) => [
    index("sync_runs_workspace_started_idx").on(
      table.workspaceId,
      table.startedAt.desc(),
    ),
    index("sync_runs_mapping_started_idx").on(
      table.mappingId,
      table.startedAt.desc(),
    ),
  ],
);

export type PlacementState = typeof placementStates.$inferSelect;
export type CrawlCursor = typeof crawlCursors.$inferSelect;
export type Candidate = typeof candidates.$inferSelect;
export type NewCandidate = typeof candidates.$inferInsert;
export type Screening = typeof screenings.$inferSelect;
export type ScreeningState = (typeof SCREENING_STATES)[number];
export type ScreeningEvent = typeof screeningEvents.$inferSelect;
export type WriteBack = typeof writeBacks.$inferSelect;
export type SyncRun = typeof syncRuns.$inferSelect;
export type SyncRunKind = (typeof syncRunKindEnum.enumValues)[number];
export type SyncRunStatus = (typeof syncRunStatusEnum.enumValues)[number];
