import type {
  AddApplicantOutput,
  BulkAddInput,
  BulkMoveInput,
  CreateJobInput,
} from "@/lib/tracker-sandbox/control-schemas";
import type { SandboxDatabase } from "@/lib/tracker-sandbox/database";
import type { DocumentSeed } from "@/lib/tracker-sandbox/model";
import {
  buildDocxResume,
  readFixtureResume,
} from "@/lib/tracker-sandbox/seed/resumes";

/**
 * Control operations that add or change records in one database. Inputs
 * arrive validated, because `SandboxState` parses them and logs the
 * outcome.
 */

/** Moves up to `count` placements into a status, lowest ids first. */
export function movePlacements(
  database: SandboxDatabase,
  input: BulkMoveInput,
  now: number,
) {
  database.requireStatus(input.toStatusId);
  const moved: number[] = [];
  for (const placement of database.placements) {
    if (moved.length >= input.count) break;
    if (input.jobId !== undefined && placement.jobId !== input.jobId) {
      continue;
    }
    if (placement.statusId === input.toStatusId) continue;
    if (
      input.fromStatusId !== undefined &&
      placement.statusId !== input.fromStatusId
    ) {
      continue;
    }
    database.movePlacement(placement.id, input.toStatusId, now);
    moved.push(placement.id);
  }
  return { moved: moved.length, placementIds: moved };
}

/** Adds a candidate, an optional resume, and a placement on the job. */
export function addApplicant(
  database: SandboxDatabase,
  input: AddApplicantOutput,
  now: number,
) {
  const job = database.requireJob(input.jobId);
  const statusId = input.statusId ?? database.statuses[0]!.id;
  database.requireStatus(statusId);

  const candidate = database.addCandidate(
    {
      firstName: input.firstName,
      surname: input.surname,
      email: input.email ?? null,
      mobilePhone: input.mobilePhone ?? null,
      telephone: input.telephone ?? null,
      skills: input.skills ?? [],
      createdAt: now,
      updatedAt: now,
    },
    now,
  );
  const resume = resumeFor(input, job.name);
  const document = resume
    ? database.addDocument(candidate.id, resume, now, false)
    : undefined;
  const placement = database.addPlacement(
    { jobId: job.id, resourceId: candidate.id, statusId },
    now,
  );
  return {
    resourceId: candidate.id,
    placementId: placement.id,
    documentId: document?.id ?? null,
  };
}

function resumeFor(
  input: AddApplicantOutput,
  jobName: string,
): DocumentSeed | undefined {
  const resume = input.resume;
  if (!resume || resume === "none") return undefined;
  const fullName = `${input.firstName} ${input.surname}`;
  if (resume === "docx") {
    return {
      filename: `${fullName.replace(/\s+/g, "_")}_Resume.docx`,
      documentType: "Resume",
      isPrimary: true,
      content: buildDocxResume({
        fullName,
        email: input.email ?? null,
        phone: input.mobilePhone ?? null,
        town: null,
        headline: jobName,
        years: 5,
        skills: input.skills ?? [],
        employer: "Sandbox Employer Inc",
      }),
    };
  }
  if (typeof resume === "string") {
    return {
      filename: resume,
      documentType: "Resume",
      isPrimary: true,
      content: readFixtureResume(resume),
    };
  }
  return {
    filename: resume.filename,
    documentType: resume.documentType,
    isPrimary: true,
    content: Buffer.from(resume.filecontent, "base64"),
  };
}

/** Adds `count` new candidates, each placed on the job in one status. */
export function bulkAddPlacements(
  database: SandboxDatabase,
  input: BulkAddInput,
  now: number,
) {
  database.requireJob(input.jobId);
  const statusId = input.statusId ?? database.statuses[0]!.id;
  database.requireStatus(statusId);

  let firstPlacementId = 0;
  let lastPlacementId = 0;
  for (let index = 0; index < input.count; index++) {
    const number = String(database.candidates.size + 1).padStart(6, "0");
    const candidate = database.addCandidate(
      {
        firstName: "Load",
        surname: `Candidate ${number}`,
        email: `load${number}@example.test`,
        createdAt: now,
        updatedAt: now,
      },
      now,
    );
    const placement = database.addPlacement(
      { jobId: input.jobId, resourceId: candidate.id, statusId },
      now,
    );
    firstPlacementId ||= placement.id;
    lastPlacementId = placement.id;
  }
  return { created: input.count, firstPlacementId, lastPlacementId };
}

export function createJob(
  database: SandboxDatabase,
  input: CreateJobInput,
  now: number,
) {
  const closed = input.closed ?? false;
  const job = database.addJob(
    {
      name: input.name,
      clientName: input.clientName ?? "Sandbox Client Ltd",
      status: input.status ?? (closed ? "Closed" : "Open"),
      location: input.location ?? null,
      closed,
      filled: input.filled ?? false,
    },
    now,
  );
  return { id: job.id };
}
