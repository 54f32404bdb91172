import { getLogger } from "@/lib/logger";
import { JwtIssuer, RateLimiter } from "@/lib/tracker-sandbox/auth";
import {
  addApplicantSchema,
  bulkAddSchema,
  bulkMoveSchema,
  createJobSchema,
  movePlacementSchema,
  type AddApplicantInput,
  type BulkAddInput,
  type BulkMoveInput,
  type CreateJobInput,
  type MovePlacementInput,
} from "@/lib/tracker-sandbox/control-schemas";
import { SandboxDatabase, SandboxError } from "@/lib/tracker-sandbox/database";
import {
  FaultInjector,
  faultsPatchSchema,
  type SandboxFaults,
} from "@/lib/tracker-sandbox/faults";
import { formatLocalDateTime } from "@/lib/tracker-sandbox/local-time";
import type {
  DocumentSeed,
  SandboxDatabaseSeed,
} from "@/lib/tracker-sandbox/model";
import {
  RequestLog,
  type RequestLogEntry,
  type RequestLogFilter,
} from "@/lib/tracker-sandbox/request-log";
import {
  buildDocxResume,
  readFixtureResume,
} from "@/lib/tracker-sandbox/seed/resumes";
import {
  resolveSettings,
  settingsPatchSchema,
  type SandboxSettings,
} from "@/lib/tracker-sandbox/settings";
import { renderActivity } from "@/lib/tracker-sandbox/shapes";

const log = getLogger("tracker-sandbox");

export type DatabaseSummary = {
  name: string;
  region: string;
  timeZone: string;
  accessToken: string;
  jobs: number;
  candidates: number;
  placements: number;
};

/**
 * Everything the sandbox contains, and the control operations on it. The
 * `/_sandbox/` routes call these same methods, so tests may use either.
 */
export class SandboxState {
  settings: SandboxSettings;
  readonly faults = new FaultInjector();
  readonly jwts = new JwtIssuer();
  readonly rateLimiter = new RateLimiter();
  readonly requests: RequestLog;
  private databases = new Map<string, SandboxDatabase>();
  private clockOffsetMs = 0;

  constructor(
    private readonly seeds: SandboxDatabaseSeed[],
    private readonly initialSettings: Partial<SandboxSettings> = {},
  ) {
    this.settings = resolveSettings(initialSettings);
    this.requests = new RequestLog(() => this.settings.requestLogLimit);
    this.loadSeeds();
  }

  private loadSeeds(): void {
    this.databases = new Map();
    for (const seed of this.seeds) {
      const key = seed.name.toLowerCase();
      if (this.databases.has(key)) {
        throw new SandboxError(
          400,
          `database name "${seed.name}" is used twice`,
        );
      }
      this.databases.set(key, new SandboxDatabase(seed));
    }
  }

  /** Sandbox time: the wall clock plus whatever `advanceClock` added. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Moves sandbox time forward, to expire JWTs or rate windows in tests. */
  advanceClock(ms: number): number {
    this.clockOffsetMs += ms;
    return this.now();
  }

  database(name: string): SandboxDatabase {
    const database = this.databases.get(name.toLowerCase());
    if (!database) {
      const known = [...this.databases.values()].map((d) => d.name);
      throw new SandboxError(
        404,
        `database "${name}" not found; known databases: ${known.join(", ")}`,
      );
    }
    return database;
  }

  databaseByAccessToken(accessToken: string): SandboxDatabase | undefined {
    for (const database of this.databases.values()) {
      if (database.accessToken === accessToken) return database;
    }
    return undefined;
  }

  listDatabases(): DatabaseSummary[] {
    return [...this.databases.values()].map((database) => ({
      name: database.name,
      region: database.region,
      timeZone: database.timeZone,
      accessToken: database.accessToken,
      jobs: database.jobs.size,
      candidates: database.candidates.size,
      placements: database.placements.length,
    }));
  }

  listJobs(name: string) {
    return [...this.database(name).jobs.values()];
  }

  listStatuses(name: string) {
    return this.database(name).statuses;
  }

  getPlacement(name: string, placementId: number) {
    return this.database(name).requirePlacement(placementId);
  }

  /** Issues a JWT for an access token, or returns null when none matches. */
  exchangeToken(accessToken: string) {
    const database = this.databaseByAccessToken(accessToken);
    if (!database) return null;
    const now = this.now();
    const { token, session } = this.jwts.issue(
      database.name,
      accessToken,
      now,
      this.settings,
    );
    const expiration =
      this.settings.expirationFormat === "utc"
        ? new Date(session.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z")
        : formatLocalDateTime(session.expiresAt, database.timeZone).replace(
            " ",
            "T",
          );
    return { database, token, expiration };
  }

  movePlacement(name: string, placementId: number, input: MovePlacementInput) {
    const { statusId } = movePlacementSchema.parse(input);
    return this.database(name).movePlacement(placementId, statusId, this.now());
  }

  /** Moves up to `count` placements into a status, lowest ids first. */
  movePlacements(name: string, input: BulkMoveInput) {
    const parsed = bulkMoveSchema.parse(input);
    const database = this.database(name);
    database.requireStatus(parsed.toStatusId);
    const now = this.now();
    const moved: number[] = [];
    for (const placement of database.placements) {
      if (moved.length >= parsed.count) break;
      if (parsed.jobId !== undefined && placement.jobId !== parsed.jobId) {
        continue;
      }
      if (placement.statusId === parsed.toStatusId) continue;
      if (
        parsed.fromStatusId !== undefined &&
        placement.statusId !== parsed.fromStatusId
      ) {
        continue;
      }
      database.movePlacement(placement.id, parsed.toStatusId, now);
      moved.push(placement.id);
    }
    log.info(
      { database: database.name, moved: moved.length, ...parsed },
      "sandbox moved placements",
    );
    return { moved: moved.length, placementIds: moved };
  }

  addApplicant(name: string, input: AddApplicantInput) {
    const parsed = addApplicantSchema.parse(input);
    const database = this.database(name);
    const job = database.requireJob(parsed.jobId);
    const statusId = parsed.statusId ?? database.statuses[0]!.id;
    database.requireStatus(statusId);
    const now = this.now();

    const candidate = database.addCandidate(
      {
        firstName: parsed.firstName,
        surname: parsed.surname,
        email: parsed.email ?? null,
        mobilePhone: parsed.mobilePhone ?? null,
        telephone: parsed.telephone ?? null,
        skills: parsed.skills ?? [],
        createdAt: now,
        updatedAt: now,
      },
      now,
    );
    const resume = this.resumeFor(parsed, job.name);
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

  private resumeFor(
    input: ReturnType<typeof addApplicantSchema.parse>,
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

  /**
   * Adds `count` new candidates, each placed on the job. New rows get
   * consecutive placement ids after every existing one.
   */
  bulkAddPlacements(name: string, input: BulkAddInput) {
    const parsed = bulkAddSchema.parse(input);
    const database = this.database(name);
    database.requireJob(parsed.jobId);
    const statusId = parsed.statusId ?? database.statuses[0]!.id;
    database.requireStatus(statusId);
    const now = this.now();

    let firstPlacementId = 0;
    let lastPlacementId = 0;
    for (let index = 0; index < parsed.count; index++) {
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
        { jobId: parsed.jobId, resourceId: candidate.id, statusId },
        now,
      );
      firstPlacementId ||= placement.id;
      lastPlacementId = placement.id;
    }
    log.info(
      { database: database.name, count: parsed.count, jobId: parsed.jobId },
      "sandbox bulk-added placements",
    );
    return { created: parsed.count, firstPlacementId, lastPlacementId };
  }

  createJob(name: string, input: CreateJobInput) {
    const parsed = createJobSchema.parse(input);
    const database = this.database(name);
    const closed = parsed.closed ?? false;
    const job = database.addJob(
      {
        name: parsed.name,
        clientName: parsed.clientName ?? "Sandbox Client Ltd",
        status: parsed.status ?? (closed ? "Closed" : "Open"),
        location: parsed.location ?? null,
        closed,
        filled: parsed.filled ?? false,
      },
      this.now(),
    );
    return { id: job.id };
  }

  /**
   * Replaces a database's access token. Its live JWTs are revoked when
   * `regenerateRevokesJwts` is set.
   */
  regenerateAccessToken(name: string) {
    const database = this.database(name);
    const previous = database.accessToken;
    const accessToken = database.regenerateAccessToken();
    const revoked = this.settings.regenerateRevokesJwts
      ? this.jwts.revokeAccessToken(previous)
      : 0;
    log.info(
      { database: database.name, revokedJwts: revoked },
      "sandbox regenerated an access token",
    );
    return { accessToken, revokedJwts: revoked };
  }

  getFaults(): SandboxFaults {
    return this.faults.current;
  }

  setFaults(patch: Partial<SandboxFaults>): SandboxFaults {
    const faults = this.faults.update(faultsPatchSchema.parse(patch));
    log.info({ faults }, "sandbox faults set");
    return faults;
  }

  clearFaults(): SandboxFaults {
    this.faults.clear();
    return this.faults.current;
  }

  requestLog(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.requests.list(filter);
  }

  clearRequestLog(): void {
    this.requests.clear();
  }

  listActivities(name: string) {
    const database = this.database(name);
    return database.activities.map((activity) => ({
      ...renderActivity(activity, database.timeZone),
      body: activity.body,
    }));
  }

  /** Documents clients uploaded, with their content in base64. */
  listUploadedDocuments(name: string) {
    const database = this.database(name);
    return [...database.documents.values()]
      .filter((document) => document.uploaded)
      .map((document) => ({
        id: document.id,
        resourceId: document.resourceId,
        filename: document.filename,
        documentType: document.documentType,
        isPrimary: document.isPrimary,
        dateAdded: formatLocalDateTime(document.addedAt, database.timeZone),
        size: document.content.length,
        filecontent: document.content.toString("base64"),
      }));
  }

  getSettings(): SandboxSettings {
    return { ...this.settings };
  }

  updateSettings(patch: Partial<SandboxSettings>): SandboxSettings {
    const parsed = settingsPatchSchema.parse(patch);
    this.settings = resolveSettings({ ...this.settings, ...parsed });
    log.info({ settings: parsed }, "sandbox settings changed");
    return this.getSettings();
  }

  /** Restores the seeds and start settings, and clears JWTs and logs. */
  reset(): void {
    this.settings = resolveSettings(this.initialSettings);
    this.loadSeeds();
    this.faults.clear();
    this.jwts.clear();
    this.rateLimiter.clear();
    this.requests.clear();
    this.clockOffsetMs = 0;
    log.info("sandbox reset");
  }
}
