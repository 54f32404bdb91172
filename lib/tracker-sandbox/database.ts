import { randomBytes } from "node:crypto";

import { assertTimeZone } from "@/lib/tracker-sandbox/local-time";
import {
  DEFAULT_FIRST_IDS,
  SEED_EPOCH,
  type CandidateSeed,
  type DocumentSeed,
  type IdSequences,
  type JobSeed,
  type PlacementSeed,
  type Region,
  type SandboxActivity,
  type SandboxCandidate,
  type SandboxDatabaseSeed,
  type SandboxDocument,
  type SandboxJob,
  type SandboxPlacement,
  type SandboxStatus,
} from "@/lib/tracker-sandbox/model";

/** A control or API operation that failed, with the HTTP status to reply. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SandboxError";
  }
}

export function generateAccessToken(): string {
  return randomBytes(16).toString("hex");
}

const ACCESS_TOKEN_PATTERN = /^[0-9a-f]{32}$/;

// Each placement keeps its last 20 revisions. NOTE: more than 20 moves of
// one placement inside a single lag window make search show a newer state
// than the lag allows.
const MAX_REVISIONS = 20;

/** In-memory store for one Tracker database, built from a seed. */
export class SandboxDatabase {
  readonly name: string;
  readonly region: Region;
  readonly timeZone: string;
  accessToken: string;
  readonly statuses: SandboxStatus[];
  readonly jobs = new Map<number, SandboxJob>();
  readonly candidates = new Map<number, SandboxCandidate>();
  /** Ordered by id, so a search page is one slice. */
  readonly placements: SandboxPlacement[] = [];
  readonly placementsById = new Map<number, SandboxPlacement>();
  readonly documents = new Map<number, SandboxDocument>();
  readonly documentsByResource = new Map<number, number[]>();
  readonly activities: SandboxActivity[] = [];
  private readonly nextIds: IdSequences;

  constructor(seed: SandboxDatabaseSeed) {
    assertTimeZone(seed.timeZone);
    if (seed.accessToken && !ACCESS_TOKEN_PATTERN.test(seed.accessToken)) {
      throw new SandboxError(
        400,
        `database "${seed.name}": access token must be 32 lower-case ` +
          "hex characters",
      );
    }
    this.name = seed.name;
    this.region = seed.region;
    this.timeZone = seed.timeZone;
    this.accessToken = seed.accessToken ?? generateAccessToken();
    this.statuses = [...seed.statuses].sort((a, b) => a.order - b.order);
    this.nextIds = { ...DEFAULT_FIRST_IDS, ...seed.firstIds };

    for (const job of seed.jobs) this.addJob(job, SEED_EPOCH);
    for (const candidate of seed.candidates) {
      this.addCandidate(candidate, SEED_EPOCH);
    }
    // Seeded rows are in the search index from the start (indexedAt 0).
    for (const placement of seed.placements) {
      this.addPlacement({ createdAt: SEED_EPOCH, ...placement }, 0);
    }
  }

  private takeId(kind: keyof IdSequences, explicit?: number): number {
    if (explicit === undefined) return this.nextIds[kind]++;
    this.nextIds[kind] = Math.max(this.nextIds[kind], explicit + 1);
    return explicit;
  }

  findStatus(statusId: number): SandboxStatus | undefined {
    return this.statuses.find((status) => status.id === statusId);
  }

  requireStatus(statusId: number): SandboxStatus {
    const status = this.findStatus(statusId);
    if (!status) {
      throw new SandboxError(
        404,
        `status ${statusId} not found in database "${this.name}"`,
      );
    }
    return status;
  }

  requireJob(jobId: number): SandboxJob {
    const job = this.jobs.get(jobId);
    if (!job) {
      throw new SandboxError(
        404,
        `job ${jobId} not found in database "${this.name}"`,
      );
    }
    return job;
  }

  requireCandidate(resourceId: number): SandboxCandidate {
    const candidate = this.candidates.get(resourceId);
    if (!candidate) {
      throw new SandboxError(
        404,
        `candidate ${resourceId} not found in database "${this.name}"`,
      );
    }
    return candidate;
  }

  requirePlacement(placementId: number): SandboxPlacement {
    const placement = this.placementsById.get(placementId);
    if (!placement) {
      throw new SandboxError(
        404,
        `placement ${placementId} not found in database "${this.name}"`,
      );
    }
    return placement;
  }

  addJob(seed: JobSeed, now: number): SandboxJob {
    const id = this.takeId("job", seed.id);
    const job: SandboxJob = {
      status: "Open",
      clientId: 501,
      clientName: "Sandbox Client Ltd",
      department: null,
      workType: "Permanent",
      location: null,
      locationCity: null,
      salaryFrom: null,
      salaryTo: null,
      salaryPer: "Annum",
      sector: null,
      reference: `REF-${id}`,
      publishDate: null,
      publishOnline: false,
      filled: false,
      closed: false,
      ownerId: 20,
      ownerName: "Pat Recruiter",
      createdAt: now,
      ...seed,
      id,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  addCandidate(seed: CandidateSeed, now: number): SandboxCandidate {
    const { documents, ...fields } = seed;
    const candidate: SandboxCandidate = {
      jobTitle: null,
      source: "Website",
      note: "",
      linkedInUrl: null,
      email: null,
      mobilePhone: null,
      telephone: null,
      currentEmployer: null,
      skills: [],
      town: null,
      country: null,
      createdAt: now,
      updatedAt: now,
      ...fields,
      id: this.takeId("candidate", fields.id),
    };
    this.candidates.set(candidate.id, candidate);
    for (const document of documents ?? []) {
      this.addDocument(candidate.id, document, now, false);
    }
    return candidate;
  }

  addDocument(
    resourceId: number,
    seed: DocumentSeed,
    now: number,
    uploaded: boolean,
  ): SandboxDocument {
    this.requireCandidate(resourceId);
    const document: SandboxDocument = {
      id: this.takeId("document"),
      resourceId,
      filename: seed.filename,
      documentType: seed.documentType,
      isPrimary: seed.isPrimary ?? false,
      addedAt: seed.addedAt ?? now,
      content: seed.content,
      uploaded,
    };
    this.documents.set(document.id, document);
    const ids = this.documentsByResource.get(resourceId) ?? [];
    ids.push(document.id);
    this.documentsByResource.set(resourceId, ids);
    return document;
  }

  listDocuments(resourceId: number): SandboxDocument[] {
    const ids = this.documentsByResource.get(resourceId) ?? [];
    return ids.map((id) => this.documents.get(id)!);
  }

  /** Appends a placement. An `indexedAt` of 0 makes it searchable at once. */
  addPlacement(seed: PlacementSeed, indexedAt: number): SandboxPlacement {
    this.requireJob(seed.jobId);
    this.requireCandidate(seed.resourceId);
    this.requireStatus(seed.statusId);
    const id = this.takeId("placement", seed.id);
    const last = this.placements.at(-1);
    if (last && id <= last.id) {
      throw new SandboxError(
        400,
        `placement ${id} must have a higher id than placement ${last.id}`,
      );
    }
    const createdAt = seed.createdAt ?? indexedAt;
    const updatedAt = seed.updatedAt ?? createdAt;
    const placement: SandboxPlacement = {
      id,
      jobId: seed.jobId,
      resourceId: seed.resourceId,
      statusId: seed.statusId,
      createdAt,
      updatedAt,
      indexedAt,
      revisions: [{ visibleAt: indexedAt, statusId: seed.statusId, updatedAt }],
    };
    this.placements.push(placement);
    this.placementsById.set(id, placement);
    return placement;
  }

  movePlacement(placementId: number, statusId: number, now: number) {
    const placement = this.requirePlacement(placementId);
    this.requireStatus(statusId);
    placement.statusId = statusId;
    placement.updatedAt = now;
    placement.revisions.push({ visibleAt: now, statusId, updatedAt: now });
    if (placement.revisions.length > MAX_REVISIONS) {
      placement.revisions.shift();
    }
    return placement;
  }

  /** Counts placements in the search index at `cutoff` by binary search. */
  countIndexedAt(cutoff: number): number {
    let low = 0;
    let high = this.placements.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.placements[middle]!.indexedAt <= cutoff) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  addActivity(
    fields: Omit<SandboxActivity, "id" | "createdAt">,
    now: number,
  ): SandboxActivity {
    const activity: SandboxActivity = {
      ...fields,
      id: this.takeId("activity"),
      createdAt: now,
    };
    this.activities.push(activity);
    return activity;
  }

  listActivitiesFor(recordType: string, recordId: number): SandboxActivity[] {
    return this.activities.filter(
      (activity) =>
        activity.recordType === recordType && activity.recordId === recordId,
    );
  }

  regenerateAccessToken(): string {
    this.accessToken = generateAccessToken();
    return this.accessToken;
  }
}
