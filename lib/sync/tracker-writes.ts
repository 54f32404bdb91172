import { eq, inArray, sql } from "drizzle-orm";

import type { Db } from "@/db";
import {
  agents,
  candidates,
  jobMappings,
  screenings,
  writeBacks,
  type Screening,
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

/** The screening data a write-back needs, read for a whole batch at once. */
export type WriteBackSource = {
  screening: Screening;
  agentName: string;
  jobTitle: string;
  firstName: string | null;
  lastName: string | null;
};

/** Reads the screenings of a batch of write-backs in one statement. */
export async function loadWriteBackSources(
  db: Db,
  screeningIds: readonly string[],
): Promise<Map<string, WriteBackSource>> {
  if (screeningIds.length === 0) return new Map();
  const rows = await db
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
    .where(inArray(screenings.id, [...screeningIds]));
  return new Map(rows.map((row) => [row.screening.id, row]));
}

/**
 * Marks both writes of each claimed write-back as attempted, in one
 * statement before the batch sends anything. An attempt that ends before
 * a write was sent puts that write's mark back (`unsentMarks`), so only a
 * write that may have reached Tracker is looked up next time.
 */
export async function markAttempted(db: Db, screeningIds: readonly string[]) {
  if (screeningIds.length === 0) return;
  await db
    .update(writeBacks)
    .set({
      activityAttemptedAt: sql`coalesce(${writeBacks.activityAttemptedAt}, now())`,
      documentAttemptedAt: sql`coalesce(${writeBacks.documentAttemptedAt}, now())`,
    })
    .where(inArray(writeBacks.screeningId, [...screeningIds]));
}

/** How far one attempt got; kept up to date as each write is made. */
export type WriteProgress = {
  activityId: number | null;
  documentId: number | null;
  activitySent: boolean;
  documentSent: boolean;
  /** A note for the admin, or null when there is nothing to note. */
  note: string | null;
};

export function startProgress(claim: WriteBack): WriteProgress {
  return {
    activityId: claim.activityId,
    documentId: claim.documentId,
    activitySent: false,
    documentSent: false,
    note: null,
  };
}

/**
 * Returns the attempt marks to store after an attempt that stopped early.
 * A write that was never sent gets back its mark from before the claim.
 */
export function unsentMarks(claim: WriteBack, progress: WriteProgress) {
  return {
    ...(progress.activitySent
      ? {}
      : { activityAttemptedAt: claim.activityAttemptedAt }),
    ...(progress.documentSent
      ? {}
      : { documentAttemptedAt: claim.documentAttemptedAt }),
  };
}

/**
 * Makes the writes still missing, Activity then report, recording each
 * one in `progress`. The caller marked both as attempted beforehand.
 */
export async function writeToTracker(
  client: TrackerClient,
  claim: WriteBack,
  source: WriteBackSource,
  timeZone: string,
  progress: WriteProgress,
  signal?: AbortSignal,
): Promise<void> {
  const { screening } = source;
  const trackerCandidateId = screening.trackerCandidateId;
  const parsed = screeningResultSchema.safeParse(screening.result);
  const result = parsed.success ? parsed.data : null;
  const url = reportUrl(screening.reportToken);

  if (progress.activityId === null) {
    if (claim.activityAttemptedAt !== null) {
      const reference = referenceLine(screening.id);
      const existing = await client.listActivities(trackerCandidateId, {
        signal,
      });
      progress.activityId =
        existing.find((activity) => activity.note?.includes(reference))?.id ??
        null;
    }
    if (progress.activityId === null) {
      const activity = composeActivity({
        screeningId: screening.id,
        state: screening.state,
        agentName: source.agentName,
        jobTitle: source.jobTitle,
        score: screening.score,
        summary: screening.summary,
        result,
        reportUrl: url,
        completedAt: screening.completedAt ?? new Date(),
        timeZone,
      });
      const created = await sendingWrite(client, progress, "activitySent", () =>
        client.createActivity(
          {
            candidateId: trackerCandidateId,
            jobId: screening.trackerJobId,
            ...activity,
          },
          { signal },
        ),
      );
      progress.activityId = created.id;
    }
  }

  if (progress.documentId !== null || !result) return;
  const filename = reportFilename(screening.id);
  if (claim.documentAttemptedAt !== null) {
    const existing = await client.listDocuments(trackerCandidateId, {
      signal,
    });
    progress.documentId =
      existing.find((doc) => doc.filename === filename)?.id ?? null;
    if (progress.documentId !== null) return;
  }
  const candidateName =
    [source.firstName, source.lastName].filter(Boolean).join(" ") ||
    `Candidate ${trackerCandidateId}`;
  const content = await renderReport(result, {
    candidateName,
    jobTitle: source.jobTitle,
    agentName: source.agentName,
    timeZone,
    links: [{ label: "Online report", url }],
  });
  try {
    const created = await sendingWrite(client, progress, "documentSent", () =>
      client.attachDocument(
        trackerCandidateId,
        { filename, documentType: REPORT_DOCUMENT_TYPE, content },
        { signal },
      ),
    );
    progress.documentId = created.id;
  } catch (error) {
    // No public source confirms a REST upload in Tracker. Where the
    // path is missing (404, or 405 beside the document list) the
    // Activity's report link has to do.
    if (!isMissingEndpoint(error)) throw error;
    log.warn(
      { screeningId: claim.screeningId, err: error },
      "Tracker has no document upload; the report was not attached",
    );
    progress.note = REPORT_NOT_ATTACHED;
  }
}

/**
 * Runs one write and sets its `sent` flag once a request has gone out, so
 * a write stopped while waiting for the request budget keeps no mark.
 */
async function sendingWrite<T>(
  client: TrackerClient,
  progress: WriteProgress,
  sent: "activitySent" | "documentSent",
  write: () => Promise<T>,
): Promise<T> {
  const before = client.requestCount;
  try {
    return await write();
  } finally {
    if (client.requestCount > before) progress[sent] = true;
  }
}

export const REPORT_NOT_ATTACHED =
  "The PDF report was not attached because this Tracker has no document " +
  "upload (404 or 405). The Activity links to the report instead.";

function isMissingEndpoint(error: unknown): boolean {
  if (error instanceof TrackerNotFoundError) return true;
  return error instanceof TrackerError && error.status === 405;
}
