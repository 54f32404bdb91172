import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { users } from "./auth";
import { screenings } from "./sync";
import { workspaces } from "./workspaces";

/**
 * Tables of the candidate-facing channels: invitations to a form, SMS or
 * voice step, the answers and conversations they collect, the messages the
 * development transports keep, the webhook replay log and report links.
 */

const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** Per-workspace channel settings; a missing row means the defaults. */
export const channelSettings = pgTable("channel_settings", {
  workspaceId: uuid("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  // Days a report link opens without sign-in.
  reportLinkDays: integer("report_link_days").notNull().default(30),
  updatedAt: updatedAt(),
});

export const messageChannelEnum = pgEnum("message_channel", ["email", "sms"]);
export const messageDirectionEnum = pgEnum("message_direction", [
  "outbound",
  "inbound",
]);

/**
 * Messages the development transports deliver instead of SMTP or Twilio,
 * and the replies typed on the simulated phone. The dev pages read it.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: messageChannelEnum("channel").notNull(),
    direction: messageDirectionEnum("direction").notNull().default("outbound"),
    // Email address or E.164 phone number.
    toAddress: text("to_address").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    html: text("html"),
    createdAt: createdAt(),
  },
  (table) => [
    index("outbox_messages_created_idx").on(table.createdAt.desc()),
    index("outbox_messages_to_idx").on(table.toAddress),
  ],
);

export const invitationChannelEnum = pgEnum("invitation_channel", [
  "form",
  "sms",
  "voice",
]);

export const invitationStatusEnum = pgEnum("invitation_status", [
  "sent",
  "opened",
  "completed",
  "knocked_out",
  "expired",
]);

/**
 * One candidate's invitation to one question step. The link token is
 * looked up by its SHA-256 hash and otherwise kept encrypted, so a database
 * read alone does not reveal working links.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    screeningId: uuid("screening_id")
      .notNull()
      .references(() => screenings.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    channel: invitationChannelEnum("channel").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    // The token encrypted with ENCRYPTION_KEYS, so reminders can repeat the
    // link; lookups go through the hash only.
    tokenEncrypted: text("token_encrypted").notNull(),
    status: invitationStatusEnum("status").notNull().default("sent"),
    // Addresses the invitation and reminders were sent to.
    email: text("email"),
    phone: text("phone"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // Null until the first message reached the transport; a start retried
    // after a failed send then sends again instead of waiting forever.
    sentAt: timestamp("sent_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    remindersSent: integer("reminders_sent").notNull().default(0),
    lastReminderAt: timestamp("last_reminder_at", { withTimezone: true }),
    // The scorer's input once the step ended; the workflow runner reads it.
    stepInput: jsonb("step_input").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    unique("invitations_screening_step_key").on(
      table.screeningId,
      table.stepId,
    ),
    index("invitations_status_expires_idx").on(table.status, table.expiresAt),
  ],
);

/** Form answers, saved one question at a time as the candidate goes. */
export const formAnswers = pgTable(
  "form_answers",
  {
    invitationId: uuid("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    value: jsonb("value").$type<string | number | boolean | null>(),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.invitationId, table.questionId] })],
);

export const smsConversationStatusEnum = pgEnum("sms_conversation_status", [
  "active",
  "completed",
  "knocked_out",
  "expired",
]);

export type SmsTurn = {
  speaker: "agent" | "candidate";
  text: string;
  at: string;
};

/** The SMS question-and-answer exchange of one invitation. */
export const smsConversations = pgTable(
  "sms_conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invitationId: uuid("invitation_id")
      .notNull()
      .unique()
      .references(() => invitations.id, { onDelete: "cascade" }),
    // E.164, as Twilio sends it in From.
    phone: text("phone").notNull(),
    status: smsConversationStatusEnum("status").notNull().default("active"),
    // Index of the question awaiting a reply.
    questionIndex: integer("question_index").notNull().default(0),
    // Whether the current question was asked again after an unclear reply;
    // it is asked again once, and the next reply is kept.
    reasked: boolean("reasked").notNull().default(false),
    answers: jsonb("answers")
      .$type<{ questionId: string; value: string }[]>()
      .notNull()
      .default([]),
    transcript: jsonb("transcript").$type<SmsTurn[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("sms_conversations_phone_status_idx").on(table.phone, table.status),
  ],
);

/** Numbers that replied STOP; nothing is texted to them until START. */
export const smsOptOuts = pgTable("sms_opt_outs", {
  phone: text("phone").primaryKey(),
  optedOutAt: timestamp("opted_out_at", { withTimezone: true })
    .notNull()
    .defaultNow(),
});

export const interviewStatusEnum = pgEnum("interview_status", [
  "created",
  "completed",
  "expired",
]);

/** One voice interview created on the interview engine. */
export const interviewSessions = pgTable("interview_sessions", {
  id: uuid("id").primaryKey().defaultRandom(),
  invitationId: uuid("invitation_id")
    .notNull()
    .unique()
    .references(() => invitations.id, { onDelete: "cascade" }),
  engineSessionId: text("engine_session_id").notNull().unique(),
  joinUrl: text("join_url").notNull(),
  // Per-question scores the engine reported, kept for the audit trail;
  // the workflow scores the transcribed answers with its own scorer.
  engineScores: jsonb("engine_scores")
    .$type<{ questionId: string; score: number }[]>()
    .notNull()
    .default([]),
  status: interviewStatusEnum("status").notNull().default("created"),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const webhookSourceEnum = pgEnum("webhook_source", [
  "twilio",
  "interview",
]);

export const webhookOutcomeEnum = pgEnum("webhook_outcome", [
  "accepted",
  "bad_signature",
  "stale",
  "replayed",
  "invalid",
]);

/**
 * Every webhook delivery and what became of it. An accepted event id is
 * unique per source, which is what rejects a replay.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    source: webhookSourceEnum("source").notNull(),
    eventId: text("event_id"),
    outcome: webhookOutcomeEnum("outcome").notNull(),
    detail: text("detail"),
    receivedAt: timestamp("received_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    uniqueIndex("webhook_events_accepted_key")
      .on(table.source, table.eventId)
      .where(sql`${table.outcome} = 'accepted'`),
    index("webhook_events_received_idx").on(table.receivedAt.desc()),
  ],
);

/**
 * Links that open a screening's PDF report without sign-in until they
 * expire or are revoked. Tokens are stored as SHA-256 hashes.
 */
export const reportLinks = pgTable(
  "report_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    screeningId: uuid("screening_id")
      .notNull()
      .references(() => screenings.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (table) => [index("report_links_screening_idx").on(table.screeningId)],
);

export type ChannelSettings = typeof channelSettings.$inferSelect;
export type OutboxMessage = typeof outboxMessages.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type InvitationChannel =
  (typeof invitationChannelEnum.enumValues)[number];
export type FormAnswer = typeof formAnswers.$inferSelect;
export type SmsConversation = typeof smsConversations.$inferSelect;
export type InterviewSession = typeof interviewSessions.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookOutcome = (typeof webhookOutcomeEnum.enumValues)[number];
export type ReportLink = typeof reportLinks.$inferSelect;
