import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  invitations,
  jobMappings,
  screeningEvents,
  screenings,
  writeBacks,
  type ScreeningState,
} from "@/db/schema";
import {
  screeningResultSchema,
  type ScreeningResult,
} from "@/lib/screening/result";

import { explainFailure, type FailureExplanation } from "./explain-failure";
import { candidateName } from "./run-candidates";

/** One candidate's screening as a list of dated steps. */

export type TimelineEntry = {
  at: string;
  kind:
    | "pulled"
    | "invited"
    | "reminder"
    | "opened"
    | "step"
    | "state"
    | "written_back"
    | "write_back_failed";
  title: string;
  detail: string | null;
};

export type ScreeningTimeline = {
  id: string;
  name: string;
  email: string | null;
  trackerCandidateId: number;
  trackerPlacementId: number;
  trackerJobId: number;
  jobTitle: string;
  triggerStageName: string;
  // Cause of the screening: a stage entry, a backfill or a re-screen.
  pulledBy: string;
  agentId: string;
  agentName: string;
  state: ScreeningState;
  score: number | null;
  summary: string | null;
  // Null when no result is stored yet or the stored JSON does not parse.
  result: ScreeningResult | null;
  reportPath: string;
  writeBack: {
    status: string;
    attempts: number;
    activityId: number | null;
    documentId: number | null;
    failure: (FailureExplanation & { message: string }) | null;
  } | null;
  entries: TimelineEntry[];
};

const STATE_TITLES: Record<ScreeningState, string> = {
  pulled: "Pulled from Tracker",
  invited: "Invited",
  in_progress: "Started the screening",
  completed: "Screening completed",
  knocked_out: "Knocked out",
  expired: "Invitation expired",
  failed: "Screening failed",
  written_back: "Written back to Tracker",
};

// Only a poll sees the candidate enter the trigger stage; a backfill takes
// those already on the job, whatever their stage.
function pulledBy(source: string, triggerStageName: string): string {
  if (source === "backfill") return "A backfill of the job";
  if (source === "manual") return "An admin's request to screen again";
  return `Entering the trigger stage, ${triggerStageName}`;
}

function pulledTitle(source: string, triggerStageName: string): string {
  if (source === "backfill") return "Pulled by a backfill of the job";
  if (source === "manual") return "Screened again at an admin's request";
  return `Pulled from Tracker: entered “${triggerStageName}”`;
}

async function loadScreening(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select({
      screening: screenings,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
      email: candidates.email,
      jobTitle: jobMappings.jobTitle,
      triggerStageName: jobMappings.triggerStatusName,
      agentName: agents.name,
    })
    .from(screenings)
    .innerJoin(agents, eq(agents.id, screenings.agentId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .where(and(eq(screenings.workspaceId, workspaceId), eq(screenings.id, id)));
  return row ?? null;
}

/**
 * Loads a screening of the workspace with every dated step: state changes,
 * invitations and reminders, step results and the write-back. Returns null
 * when the id is not a screening of this workspace.
 */
export async function getScreeningTimeline(
  db: Db,
  workspaceId: string,
  screeningId: string,
): Promise<ScreeningTimeline | null> {
  if (!z.uuid().safeParse(screeningId).success) return null;
  const row = await loadScreening(db, workspaceId, screeningId);
  if (!row) return null;
  const { screening } = row;

  const [events, invites, [writeBack]] = await Promise.all([
    db
      .select()
      .from(screeningEvents)
      .where(eq(screeningEvents.screeningId, screeningId))
      .orderBy(asc(screeningEvents.createdAt), asc(screeningEvents.id)),
    db
      .select({
        channel: invitations.channel,
        stepId: invitations.stepId,
        email: invitations.email,
        phone: invitations.phone,
        createdAt: invitations.createdAt,
        openedAt: invitations.openedAt,
        remindersSent: invitations.remindersSent,
        lastReminderAt: invitations.lastReminderAt,
      })
      .from(invitations)
      .where(eq(invitations.screeningId, screeningId)),
    db.select().from(writeBacks).where(eq(writeBacks.screeningId, screeningId)),
  ]);

  const parsed = screeningResultSchema.safeParse(screening.result);
  const result = parsed.success ? parsed.data : null;

  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const pulled = event.toState === "pulled";
    entries.push({
      at: event.createdAt.toISOString(),
      kind: pulled
        ? "pulled"
        : event.toState === "written_back"
          ? "written_back"
          : "state",
      title: pulled
        ? pulledTitle(row.screening.source, row.triggerStageName)
        : event.toState === "written_back" && writeBack?.activityId
          ? `Written back to Tracker as activity ${writeBack.activityId}`
          : STATE_TITLES[event.toState],
      detail: event.detail,
    });
  }
  for (const invite of invites) {
    entries.push({
      at: invite.createdAt.toISOString(),
      kind: "invited",
      title: `Invitation sent by ${invite.channel} for step ${invite.stepId}`,
      detail: [invite.email, invite.phone].filter(Boolean).join(", ") || null,
    });
    if (invite.openedAt) {
      entries.push({
        at: invite.openedAt.toISOString(),
        kind: "opened",
        title: `Invitation opened (${invite.channel})`,
        detail: null,
      });
    }
    if (invite.lastReminderAt && invite.remindersSent > 0) {
      // Only the latest reminder's time is stored, so earlier ones are
      // folded into this entry's count.
      entries.push({
        at: invite.lastReminderAt.toISOString(),
        kind: "reminder",
        title:
          invite.remindersSent === 1
            ? `Reminder sent (${invite.channel})`
            : `Reminder ${invite.remindersSent} sent (${invite.channel})`,
        detail: null,
      });
    }
  }
  for (const step of result?.steps ?? []) {
    if (!step.completedAt) continue;
    const score = step.score === null ? "no score" : `score ${step.score}`;
    entries.push({
      at: new Date(step.completedAt).toISOString(),
      kind: "step",
      title: `Step ${step.kind} ${step.status.replace(/_/g, " ")}, ${score}`,
      detail: step.reason,
    });
  }
  if (writeBack && writeBack.status !== "succeeded" && writeBack.lastError) {
    entries.push({
      at: writeBack.updatedAt.toISOString(),
      kind: "write_back_failed",
      title: `Write-back to Tracker failed (attempt ${writeBack.attempts})`,
      detail: writeBack.lastError,
    });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return {
    id: screening.id,
    name: candidateName({
      ...row,
      trackerCandidateId: screening.trackerCandidateId,
    }),
    email: row.email,
    trackerCandidateId: screening.trackerCandidateId,
    trackerPlacementId: screening.trackerPlacementId,
    trackerJobId: screening.trackerJobId,
    jobTitle: row.jobTitle,
    triggerStageName: row.triggerStageName,
    pulledBy: pulledBy(screening.source, row.triggerStageName),
    agentId: screening.agentId,
    agentName: row.agentName,
    state: screening.state,
    score: screening.score,
    summary: screening.summary,
    result,
    reportPath: `/report/${screening.reportToken}`,
    writeBack: writeBack
      ? {
          status: writeBack.status,
          attempts: writeBack.attempts,
          activityId: writeBack.activityId,
          documentId: writeBack.documentId,
          failure:
            writeBack.status !== "succeeded" && writeBack.lastError
              ? {
                  ...explainFailure(writeBack.lastError),
                  message: writeBack.lastError,
                }
              : null,
        }
      : null,
    entries,
  };
}
