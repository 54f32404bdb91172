import { and, asc, desc, eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  candidates,
  interviewSessions,
  invitations,
  jobMappings,
  outboxMessages,
  screenings,
} from "@/db/schema";

import { loadScreeningContext } from "../workflow/screening-context";

/** Reads for the development pages; nothing here runs in production. */

export async function listOutbox(db: Db, limit = 100) {
  return db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.direction, "outbound"))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(limit);
}

/** Phone numbers that have texts, newest conversation first. */
export async function listSimulatedPhones(db: Db) {
  const rows = await db
    .select({
      phone: outboxMessages.toAddress,
      lastAt: sql<Date>`max(${outboxMessages.createdAt})`,
    })
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.channel, "sms"),
        eq(outboxMessages.direction, "outbound"),
      ),
    )
    .groupBy(outboxMessages.toAddress)
    .orderBy(desc(sql`max(${outboxMessages.createdAt})`))
    .limit(50);
  return rows.map((row) => row.phone);
}

/** Texts to and from one number, oldest first, as a phone shows them. */
export async function loadPhoneThread(db: Db, phone: string) {
  return db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.channel, "sms"),
        sql`(${outboxMessages.toAddress} = ${phone} or ${outboxMessages.fromAddress} = ${phone})`,
      ),
    )
    .orderBy(asc(outboxMessages.createdAt))
    .limit(200);
}

export async function listSimulatedInterviews(db: Db) {
  return db
    .select({
      sessionId: interviewSessions.engineSessionId,
      status: interviewSessions.status,
      createdAt: interviewSessions.createdAt,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
      jobTitle: jobMappings.jobTitle,
    })
    .from(interviewSessions)
    .innerJoin(invitations, eq(invitations.id, interviewSessions.invitationId))
    .innerJoin(screenings, eq(screenings.id, invitations.screeningId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .where(sql`${interviewSessions.engineSessionId} like 'sim\\_%'`)
    .orderBy(desc(interviewSessions.createdAt))
    .limit(50);
}

export type SimulatedInterview = {
  sessionId: string;
  status: "created" | "completed" | "expired";
  candidateName: string;
  jobTitle: string;
  questions: { id: string; prompt: string; type: string }[];
};

export async function loadSimulatedInterview(
  db: Db,
  sessionId: string,
): Promise<SimulatedInterview | null> {
  const [row] = await db
    .select({ session: interviewSessions, invitation: invitations })
    .from(interviewSessions)
    .innerJoin(invitations, eq(invitations.id, interviewSessions.invitationId))
    .where(eq(interviewSessions.engineSessionId, sessionId));
  if (!row) return null;

  const context = await loadScreeningContext(db, row.invitation.screeningId);
  const step = context.workflow.steps.find(
    (item) => item.id === row.invitation.stepId,
  );
  if (!step || step.kind !== "voice") return null;
  return {
    sessionId,
    status: row.session.status,
    candidateName:
      [context.candidate.firstName, context.candidate.lastName]
        .filter(Boolean)
        .join(" ") || "Candidate",
    jobTitle: context.mapping.jobTitle,
    questions: step.questions.map(({ id, prompt, type }) => ({
      id,
      prompt,
      type,
    })),
  };
}
