/**
 * Records the sandbox keeps in memory for one Tracker database. Times are
 * epoch milliseconds, which the HTTP layer formats in the database's zone.
 */

export type Region = "US" | "CA" | "Other";

/**
 * Time of every seeded record that gives none (2026-09-01 16:00 UTC). The
 * demo seed counts its times from here too, so two starts match.
 */
export const SEED_EPOCH = Date.UTC(2026, 8, 1, 16, 0, 0);

export const STATUS_GROUPS = [
  "Applied",
  "Shortlisted",
  "Submitted",
  "Interview",
  "Offer",
  "Placed",
  "Rejected",
  "Internal",
] as const;

export type StatusGroup = (typeof STATUS_GROUPS)[number];

export type SandboxStatus = {
  id: number;
  name: string;
  group: StatusGroup;
  order: number;
};

export type SandboxJob = {
  id: number;
  name: string;
  /** Display status such as "Open", "On Hold", "Closed" or "Filled". */
  status: string;
  clientId: number;
  clientName: string;
  department: string | null;
  workType: string;
  location: string | null;
  locationCity: string | null;
  salaryFrom: number | null;
  salaryTo: number | null;
  salaryPer: string;
  sector: string | null;
  reference: string;
  publishDate: string | null;
  publishOnline: boolean;
  filled: boolean;
  closed: boolean;
  ownerId: number;
  ownerName: string;
  createdAt: number;
};

export type SandboxCandidate = {
  id: number;
  firstName: string;
  surname: string;
  jobTitle: string | null;
  source: string;
  note: string;
  linkedInUrl: string | null;
  email: string | null;
  mobilePhone: string | null;
  telephone: string | null;
  currentEmployer: string | null;
  skills: string[];
  town: string | null;
  country: string | null;
  createdAt: number;
  updatedAt: number;
};

export type SandboxDocument = {
  id: number;
  resourceId: number;
  filename: string;
  documentType: string;
  isPrimary: boolean;
  addedAt: number;
  content: Buffer;
  /** True for documents a client uploaded, false for seeded ones. */
  uploaded: boolean;
};

/** State of a placement as search returns it from `visibleAt` on. */
export type PlacementRevision = {
  visibleAt: number;
  statusId: number;
  updatedAt: number;
};

export type SandboxPlacement = {
  id: number;
  jobId: number;
  resourceId: number;
  statusId: number;
  createdAt: number;
  updatedAt: number;
  /** Sandbox time the row entered the search index, or 0 for seeded rows. */
  indexedAt: number;
  /** Oldest first. The last entry matches the live fields above. */
  revisions: PlacementRevision[];
};

export type SandboxActivity = {
  id: number;
  recordType: string;
  recordId: number;
  subject: string;
  note: string;
  type: string | null;
  status: string | null;
  opportunityId: number | null;
  createdAt: number;
  /** The request body as received, so tests can read every field sent. */
  body: Record<string, unknown>;
};

/** A job to create. A missing id takes the next free one. */
export type JobSeed = Pick<SandboxJob, "name"> &
  Partial<Omit<SandboxJob, "name">>;

export type DocumentSeed = {
  filename: string;
  documentType: string;
  isPrimary?: boolean;
  addedAt?: number;
  content: Buffer;
};

export type CandidateSeed = Pick<SandboxCandidate, "firstName" | "surname"> &
  Partial<Omit<SandboxCandidate, "firstName" | "surname">> & {
    documents?: DocumentSeed[];
  };

export type PlacementSeed = {
  id?: number;
  jobId: number;
  resourceId: number;
  statusId: number;
  createdAt?: number;
  updatedAt?: number;
};

/** Everything needed to build one sandbox database at start or reset. */
export type SandboxDatabaseSeed = {
  name: string;
  region: Region;
  /** IANA time zone every timestamp of this database is written in. */
  timeZone: string;
  /** 32-character lower-case hex, generated when missing. */
  accessToken?: string;
  statuses: SandboxStatus[];
  jobs: JobSeed[];
  candidates: CandidateSeed[];
  placements: PlacementSeed[];
  /** First ids handed out. Seeds may also give explicit ids below these. */
  firstIds?: Partial<IdSequences>;
};

export type IdSequences = {
  job: number;
  candidate: number;
  placement: number;
  document: number;
  activity: number;
};

export const DEFAULT_FIRST_IDS: IdSequences = {
  job: 1026,
  candidate: 140001,
  placement: 52001,
  document: 9001,
  activity: 700001,
};
