import { sql } from "drizzle-orm";
import {
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import type { WorkflowStep } from "@/lib/screening/workflow";

import { workspaces } from "./workspaces";

export const agentStatusEnum = pgEnum("agent_status", ["active", "archived"]);

/** A screening agent: the workflow candidates of its mapped jobs go through. */
export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Ordered steps, each valid under stepSchema of lib/screening/workflow.ts.
    workflow: jsonb("workflow").$type<WorkflowStep[]>().notNull(),
    jobDescription: text("job_description").notNull().default(""),
    status: agentStatusEnum("status").notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow(),
  },
  (table) => [
    // Names are compared without case so "Nurse" and "nurse" cannot both
    // exist in one workspace and confuse the mapping clash messages.
    uniqueIndex("agents_workspace_name_key").on(
      table.workspaceId,
      sql`lower(${table.name})`,
    ),
    index("agents_workspace_id_idx").on(table.workspaceId),
  ],
);

/** One stored step; kept as a name because other modules import it. */
export type StoredWorkflowStep = WorkflowStep;

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;
export type AgentStatus = (typeof agentStatusEnum.enumValues)[number];
