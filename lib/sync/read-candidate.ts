import { sql } from "drizzle-orm";

import type { Db } from "@/db";
import { candidates, type Candidate, type Screening } from "@/db/schema";
import {
  extractResumeText,
  type ResumeText,
} from "@/lib/screening/resume-text";
import type { TrackerClient } from "@/lib/tracker";
import type { TrackerDocument } from "@/lib/tracker/schemas";

/**
 * Reads a pulled candidate from Tracker (name, email, phones and resume)
 * and stores them in `candidates`, one row per Tracker candidate.
 */
export async function readCandidate(
  db: Db,
  client: TrackerClient,
  screening: Screening,
  signal?: AbortSignal,
): Promise<{ row: Candidate; resume: ResumeText }> {
  const trackerId = screening.trackerCandidateId;
  const person = await client.getCandidate(trackerId, { signal });
  const documents = await client.listDocuments(trackerId, { signal });
  const document = pickResume(documents);

  let file: { filename: string; content: Buffer } | null = null;
  if (document) {
    file = await client.downloadDocument(trackerId, document.id, { signal });
  }
  const resume: ResumeText = file
    ? await extractResumeText(file.content, file.filename)
    : {
        ok: false,
        format: "unknown",
        reason: "empty_file",
        message: "The candidate has no resume on their Tracker record.",
      };

  const values = {
    workspaceId: screening.workspaceId,
    connectionId: screening.connectionId,
    trackerCandidateId: trackerId,
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    mobilePhone: person.mobilePhone,
    telephone: person.telephone,
    resumeDocumentId: document?.id ?? null,
    resumeFilename: file?.filename ?? null,
    resumeContent: file?.content ?? null,
  };
  const [row] = await db
    .insert(candidates)
    .values(values)
    .onConflictDoUpdate({
      target: [candidates.connectionId, candidates.trackerCandidateId],
      set: { ...values, updatedAt: sql`now()` },
    })
    .returning();
  if (!row) throw new Error(`candidate ${trackerId} was not stored`);
  return { row, resume };
}

const RESUME_TYPE = /resume|cv|curriculum/i;
const RESUME_FILE = /\.(pdf|docx)$/i;

/**
 * Picks the resume among the candidate's documents: a document typed as a
 * resume (the primary one first), else the newest PDF or DOCX file.
 * Document lists carry no content, so the choice uses names and types.
 */
export function pickResume(
  documents: readonly TrackerDocument[],
): TrackerDocument | null {
  const byNewest = [...documents].sort(
    (a, b) => (b.addedAt?.getTime() ?? 0) - (a.addedAt?.getTime() ?? 0),
  );
  const typed = byNewest.filter((doc) =>
    RESUME_TYPE.test(doc.documentType ?? ""),
  );
  const primary = typed.find((doc) => doc.isPrimary) ?? typed[0];
  if (primary) return primary;
  return byNewest.find((doc) => RESUME_FILE.test(doc.filename ?? "")) ?? null;
}
