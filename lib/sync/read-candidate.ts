import { getTableColumns, sql } from "drizzle-orm";

import {
  candidates,
  type Candidate,
  type NewCandidate,
  type Screening,
} from "@/db/schema";
import {
  extractResumeText,
  type ResumeText,
} from "@/lib/screening/resume-text";
import type { TrackerClient } from "@/lib/tracker";
import type { TrackerDocument } from "@/lib/tracker/schemas";

import type { DbOrTx } from "./db-types";

/** A candidate as read from Tracker, before it is stored. */
export type FetchedCandidate = {
  values: NewCandidate;
  resume: ResumeText;
};

/**
 * Reads a pulled candidate from Tracker: name, email, phones and resume.
 * It sends two requests, and a third when there is a resume to download.
 */
export async function fetchCandidate(
  client: TrackerClient,
  screening: Pick<
    Screening,
    "workspaceId" | "connectionId" | "trackerCandidateId"
  >,
  signal?: AbortSignal,
): Promise<FetchedCandidate> {
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
  return { values, resume };
}

// Columns an upsert overwrites on a candidate read again.
const REFRESHED = [
  "firstName",
  "lastName",
  "email",
  "mobilePhone",
  "telephone",
  "resumeDocumentId",
  "resumeFilename",
  "resumeContent",
] as const;

/**
 * Stores fetched candidates in `candidates`, one row per Tracker
 * candidate of a connection, in one statement. Each candidate must come
 * once. Returns the stored rows in the order given.
 */
export async function storeCandidates(
  db: DbOrTx,
  fetched: readonly NewCandidate[],
): Promise<Candidate[]> {
  if (fetched.length === 0) return [];
  const keyOf = (row: { connectionId: string; trackerCandidateId: number }) =>
    `${row.connectionId}/${row.trackerCandidateId}`;
  const set = Object.fromEntries(
    REFRESHED.map((key) => [
      key,
      sql.raw(`excluded."${candidates[key].name}"`),
    ]),
  );
  // The resume file is not read back: the row stores the bytes just sent,
  // and returning them would copy each file through the driver again.
  const { resumeContent: _resume, ...returned } = getTableColumns(candidates);
  const rows = await db
    .insert(candidates)
    .values([...fetched])
    .onConflictDoUpdate({
      target: [candidates.connectionId, candidates.trackerCandidateId],
      set: { ...set, updatedAt: sql`now()` },
    })
    .returning(returned);
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return fetched.map((values) => {
    const row = byKey.get(keyOf(values));
    if (!row) {
      throw new Error(`candidate ${values.trackerCandidateId} was not stored`);
    }
    return { ...row, resumeContent: values.resumeContent ?? null };
  });
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
