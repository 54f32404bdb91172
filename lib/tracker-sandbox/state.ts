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
import type { SandboxDatabaseSeed } from "@/lib/tracker-sandbox/model";
import {
  addApplicant,
  bulkAddPlacements,
  createJob,
  movePlacements,
} from "@/lib/tracker-sandbox/record-operations";
import {
  RequestLog,
  type RequestLogEntry,
  type RequestLogFilter,
} from "@/lib/tracker-sandbox/request-log";
import {
  resolveSettings,
  settingsPatchSchema,
  type SandboxSettings,
} from "@/lib/tracker-sandbox/settings";
import {
  renderActivity,
  renderPlacementRow,
} from "@/lib/tracker-sandbox/shapes";

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
      const database = new SandboxDatabase(seed);
      if (this.databaseByAccessToken(database.accessToken)) {
        throw new SandboxError(
          400,
          `database "${seed.name}" reuses another database's access token`,
        );
      }
      this.databases.set(key, database);
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

  /** Renders a placement as `GET OpportunityResource/{id}` returns it. */
  placementRow(name: string, placementId: number) {
    const database = this.database(name);
    const placement = database.requirePlacement(placementId);
    return renderPlacementRow(database, placement, this.settings, Infinity);
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
    const result = movePlacements(database, parsed, this.now());
    log.info(
      { database: database.name, moved: result.moved, ...parsed },
      "sandbox moved placements",
    );
    return result;
  }

  addApplicant(name: string, input: AddApplicantInput) {
    const parsed = addApplicantSchema.parse(input);
    return addApplicant(this.database(name), parsed, this.now());
  }

  /**
   * Adds `count` new candidates, each placed on the job. New rows get
   * consecutive placement ids after every existing one.
   */
  bulkAddPlacements(name: string, input: BulkAddInput) {
    const parsed = bulkAddSchema.parse(input);
    const database = this.database(name);
    const result = bulkAddPlacements(database, parsed, this.now());
    log.info(
      { database: database.name, count: parsed.count, jobId: parsed.jobId },
      "sandbox bulk-added placements",
    );
    return result;
  }

  createJob(name: string, input: CreateJobInput) {
    const parsed = createJobSchema.parse(input);
    return createJob(this.database(name), parsed, this.now());
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
