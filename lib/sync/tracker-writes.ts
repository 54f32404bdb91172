import { eq, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screenings,
  writeBacks,
  type WriteBack,
} from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { renderReport } from "@/lib/screening/report/render-report";
import { screeningResultSchema } from "@/lib/screening/result";
import {
  TrackerError,
  TrackerNotFoundError,
  type TrackerClient,
} from "@/lib/tracker";

import {
  composeActivity,
  referenceLine,
  reportFilename,
} from "./activity-note";

/**
 * The two writes of a write-back, Activity then report, each skipped when
 * an earlier attempt already made it. Each is marked as attempted before
 * it is sent, and an attempt after a marked one searches Tracker first.
 */

const log = getLogger("sync.write-back");

export const REPORT_DOCUMENT_TYPE = "Screening Report";

/** Builds the public link of a screening's PDF report. */
export function reportUrl(reportToken: string): string {
  return new URL(`/report/${reportToken}`, getEnv().APP_URL).toString();
}

/**
 * Writes what is still missing. Returns a note for the admin, or null
 * when there is nothing to note.
 */
export async function writeToTracker(
  db: Db,
  client: TrackerClient,
  claim: WriteBack,
  timeZone: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const [row] = await db
    .select({
      screening: screenings,
      agentName: agents.name,
      jobTitle: jobMappings.jobTitle,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
    })
    .from(screenings)
    .innerJoin(agents, eq(agents.id, screenings.agentId))
    .innerJoin(jobMappings, eq(jobMappings.id, screenings.mappingId))
    .leftJoin(candidates, eq(candidates.id, screenings.candidateId))
    .where(eq(screenings.id, claim.screeningId));
  if (!row) throw new Error(`screening ${claim.screeningId} not found`);
  const { screening } = row;
  const trackerCandidateId = screening.trackerCandidateId;
  const parsed = screeningResultSchema.safeParse(screening.result);
  const result = parsed.success ? parsed.data : null;
  const url = reportUrl(screening.reportToken);

  if (claim.activityId === null) {
    let activityId: number | null = null;
    if (claim.activityAttemptedAt !== null) {
      const reference = referenceLine(screening.id);
      const existing = await client.listActivities(trackerCandidateId, {
        signal,
      });
      activityId =
        existing.find((activity) => activity.note?.includes(reference))?.id ??
        null;
    }
    if (activityId === null) {
      await markAttempted(db, claim.screeningId, "activity");
      const activity = composeActivity({
        screeningId: screening.id,
        state: screening.state,
        agentName: row.agentName,
        jobTitle: row.jobTitle,
        score: screening.score,
        summary: screening.summary,
        result,
        reportUrl: url,
        completedAt: screening.completedAt ?? new Date(),
        timeZone,
      });
      const created = await client.createActivity(
        {
          candidateId: trackerCandidateId,
          jobId: screening.trackerJobId,
          ...activity,
        },
        { signal },
      );
      activityId = created.id;
    }
    await db
      .update(writeBacks)
      .set({ activityId, updatedAt: sql`now()` })
      .where(eq(writeBacks.screeningId, claim.screeningId));
  }

  if (claim.documentId === null && result) {
    const filename = reportFilename(screening.id);
    let documentId: number | null = null;
    if (claim.documentAttemptedAt !== null) {
      const existing = await client.listDocuments(trackerCandidateId, {
        signal,
      });
      documentId =
        existing.find((doc) => doc.filename === filename)?.id ?? null;
    }
    if (documentId === null) {
      const candidateName =
        [row.firstName, row.lastName].filter(Boolean).join(" ") ||
        `Candidate ${trackerCandidateId}`;
      const content = await renderReport(result, {
        candidateName,
        jobTitle: row.jobTitle,
        agentName: row.agentName,
        timeZone,
        links: [{ label: "Online report", url }],
      });
      await markAttempted(db, claim.screeningId, "document");
      try {
        const created = await client.attachDocument(
          trackerCandidateId,
          { filename, documentType: REPORT_DOCUMENT_TYPE, content },
          { signal },
        );
        documentId = created.id;
      } catch (error) {
        // No public source confirms a REST upload in Tracker. Where the
        // path is missing (404, or 405 beside the document list) the
        // Activity's report link has to do.
        if (!isMissingEndpoint(error)) throw error;
        log.warn(
          { screeningId: claim.screeningId, err: error },
          "Tracker has no document upload; the report was not attached",
        );
        return REPORT_NOT_ATTACHED;
      }
    }
    await db
      .update(writeBacks)
      .set({ documentId, updatedAt: sql`now()` })
      .where(eq(writeBacks.screeningId, claim.screeningId));
  }
  return null;
}

export const REPORT_NOT_ATTACHED =
  "The PDF report was not attached because this Tracker has no document " +
  "upload (404 or 405). The Activity links to the report instead.";

function isMissingEndpoint(error: unknown): boolean {
  if (error instanceof TrackerNotFoundError) return true;
  return error instanceof TrackerError && error.status === 405;
}

async function markAttempted(
  db: Db,
  screeningId: string,
  write: "activity" | "document",
) {
  await db
    .update(writeBacks)
    .set(
      write === "activity"
        ? { activityAttemptedAt: sql`now()` }
        : { documentAttemptedAt: sql`now()` },
    )
    .where(eq(writeBacks.screeningId, screeningId));
}
