import { apiUrl, TRACKER_PATHS } from "./hosts";
import {
  TrackerClientBase,
  type CallOptions,
  type ClientParts,
} from "./client-base";
import { crawlPlacementPages, type PlacementPage } from "./placements";
import type { SkippedRow } from "./rows";
import {
  activitySchema,
  candidateSchema,
  createdSchema,
  documentFileSchema,
  documentSchema,
  jobSchema,
  stageSchema,
  type TrackerActivity,
  type TrackerCandidate,
  type TrackerDocument,
  type TrackerJob,
  type TrackerStage,
} from "./schemas";
import { assertSuccess, jsonBody } from "./replies";

export type { CallOptions, SkippedRow };

export type CreateActivityInput = {
  candidateId: number;
  jobId?: number | null;
  subject: string;
  note: string;
};

export type AttachDocumentInput = {
  filename: string;
  documentType: string;
  content: Buffer;
};

// Tracker returns at most 10 rows a page whatever is asked, so asking for
// exactly 10 lets a shorter page mean "last page".
export const PLACEMENT_PAGE_SIZE = 10;

/**
 * Typed operations on one Tracker database. Build it with
 * `createTrackerClient` (a stored connection) or `createLiveCheckClient`
 * (the connect form); both share this class.
 */
export class TrackerClient extends TrackerClientBase {
  readonly timeZone: string;

  constructor(parts: ClientParts) {
    super(parts);
    this.timeZone = parts.timeZone;
  }

  /** HTTP requests this client sent, exchanges and retries included. */
  get requestCount(): number {
    return this.parts.transport.requestCount;
  }

  /**
   * Gives back the budget slots this client took ahead and did not use
   * (with `budgetChunk` above 1), so other clients of the token may use
   * them at once. Call it when the client's work is done. The client stays
   * usable. A failure is logged, not thrown, because unused slots also
   * stop counting on their own a hold and a window after they were taken.
   */
  async close(): Promise<void> {
    try {
      await this.parts.budget.release();
    } catch (error) {
      this.parts.logger.warn(
        { err: error },
        "Tracker budget slots could not be released; they expire on their own",
      );
    }
  }

  /**
   * Exchanges the access token for a new JWT and keeps it for later calls.
   * Other calls exchange on their own when needed; use this to test a
   * token. Returns the JWT's expiry, never the JWT.
   */
  async exchangeToken(options: CallOptions = {}): Promise<{ expiresAt: Date }> {
    return this.parts.session.exchangeNow(options.signal);
  }

  async getJob(id: number, options: CallOptions = {}): Promise<TrackerJob> {
    const body = await this.get("getJob", id, TRACKER_PATHS.job(id), options);
    return this.parseOne(jobSchema, body, { operation: "getJob", id });
  }

  /** Placement statuses, ordered as Tracker orders them, then by id. */
  async listStages(options: CallOptions = {}): Promise<TrackerStage[]> {
    const operation = "listStages";
    const body = await this.get(
      operation,
      undefined,
      TRACKER_PATHS.stages(),
      options,
    );
    const { rows } = this.parseList(stageSchema, body, { operation }, ["id"]);
    return rows.sort(
      (a, b) =>
        (a.order ?? Number.MAX_SAFE_INTEGER) -
          (b.order ?? Number.MAX_SAFE_INTEGER) || a.id - b.id,
    );
  }

  /**
   * Pages of placements across every job, from `startPage` (1-based) on.
   * Holds one page at a time; see crawlPlacementPages for when it stops.
   */
  crawlPlacements(
    options: CallOptions & { startPage?: number } = {},
  ): AsyncGenerator<PlacementPage, void, undefined> {
    return crawlPlacementPages({
      startPage: options.startPage ?? 1,
      timeZone: this.timeZone,
      logger: this.parts.logger,
      fetchPage: async (pageNumber) => {
        const details = {
          operation: "crawlPlacements",
          id: `page ${pageNumber}`,
        };
        const reply = await this.parts.session.send({
          ...details,
          method: "POST",
          url: apiUrl(this.parts.endpoint, TRACKER_PATHS.placementSearch()),
          body: { searchText: "", pageSize: PLACEMENT_PAGE_SIZE, pageNumber },
          idempotent: true,
          signal: options.signal,
        });
        assertSuccess(reply, details);
        return jsonBody(reply, details);
      },
      pageSize: PLACEMENT_PAGE_SIZE,
    });
  }

  async getCandidate(
    id: number,
    options: CallOptions = {},
  ): Promise<TrackerCandidate> {
    const body = await this.get(
      "getCandidate",
      id,
      TRACKER_PATHS.candidate(id),
      options,
    );
    return this.parseOne(candidateSchema(id), body, {
      operation: "getCandidate",
      id,
    });
  }

  async listDocuments(
    candidateId: number,
    options: CallOptions = {},
  ): Promise<TrackerDocument[]> {
    const details = { operation: "listDocuments", id: candidateId };
    const body = await this.get(
      details.operation,
      candidateId,
      TRACKER_PATHS.documents(candidateId),
      options,
    );
    return this.parseList(documentSchema(this.timeZone), body, details, [
      "documentId",
      "id",
    ]).rows;
  }

  async downloadDocument(
    candidateId: number,
    documentId: number,
    options: CallOptions = {},
  ): Promise<{ filename: string; content: Buffer }> {
    const id = `${candidateId}/${documentId}`;
    const body = await this.get(
      "downloadDocument",
      id,
      TRACKER_PATHS.document(candidateId, documentId),
      options,
    );
    const file = this.parseOne(documentFileSchema, body, {
      operation: "downloadDocument",
      id,
    });
    return {
      filename: file.filename ?? `document-${documentId}`,
      content: file.content,
    };
  }

  /**
   * Writes an Activity on the candidate, linked to the job when given.
   * Not retried once it may have reached Tracker: on a
   * TrackerUnavailableError with `mayHaveCommitted`, list the candidate's
   * activities before writing again.
   */
  async createActivity(
    input: CreateActivityInput,
    options: CallOptions = {},
  ): Promise<{ id: number }> {
    const body = await this.post(
      "createActivity",
      input.candidateId,
      TRACKER_PATHS.activity(),
      {
        recordType: "Resource",
        recordId: input.candidateId,
        ...(input.jobId ? { opportunityId: input.jobId } : {}),
        subject: input.subject,
        note: input.note,
      },
      options,
    );
    return this.parseOne(createdSchema, body, {
      operation: "createActivity",
      id: input.candidateId,
    });
  }

  async listActivities(
    candidateId: number,
    options: CallOptions = {},
  ): Promise<TrackerActivity[]> {
    const details = { operation: "listActivities", id: candidateId };
    const body = await this.get(
      details.operation,
      candidateId,
      TRACKER_PATHS.activities(candidateId),
      options,
    );
    return this.parseList(activitySchema(this.timeZone), body, details, [
      "id",
      "activityId",
    ]).rows;
  }

  /** Uploads a file to the candidate record; same retry rule as writes. */
  async attachDocument(
    candidateId: number,
    file: AttachDocumentInput,
    options: CallOptions = {},
  ): Promise<{ id: number }> {
    const body = await this.post(
      "attachDocument",
      candidateId,
      TRACKER_PATHS.documents(candidateId),
      {
        filename: file.filename,
        documentType: file.documentType,
        filecontent: file.content.toString("base64"),
      },
      options,
    );
    return this.parseOne(createdSchema, body, {
      operation: "attachDocument",
      id: candidateId,
    });
  }
}
