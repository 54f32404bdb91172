import type { Logger } from "pino";
import type { z } from "zod";

import {
  TrackerInvalidResponseError,
  TrackerNotFoundError,
  type TrackerErrorDetails,
} from "./errors";
import { extractList, summarizeIssues } from "./fields";
import type { RequestBudget } from "./budget";
import { apiUrl, type TrackerEndpoint } from "./hosts";
import { parseRows, type SkippedRow } from "./rows";
import type { TrackerSession } from "./session";
import { assertSuccess, jsonBody } from "./replies";
import type { Transport } from "./transport";

export type CallOptions = { signal?: AbortSignal };

export type ClientParts = {
  endpoint: TrackerEndpoint;
  timeZone: string;
  session: TrackerSession;
  transport: Transport;
  /** The transport's budget, released by `close`. */
  budget: RequestBudget;
  logger: Logger;
};

/**
 * Request and parsing plumbing shared by the client's operations: GET and
 * POST through the session, status checks, and zod parsing of one record
 * or of a list whose bad rows are skipped.
 */
export class TrackerClientBase {
  constructor(protected readonly parts: ClientParts) {}

  protected async get(
    operation: string,
    id: string | number | undefined,
    path: string,
    options: CallOptions,
  ): Promise<unknown> {
    const details = { operation, id };
    const reply = await this.parts.session.send({
      ...details,
      method: "GET",
      url: apiUrl(this.parts.endpoint, path),
      idempotent: true,
      signal: options.signal,
    });
    assertSuccess(reply, details);
    return jsonBody(reply, details);
  }

  protected async post(
    operation: string,
    id: number,
    path: string,
    payload: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    const details = { operation, id };
    const reply = await this.parts.session.send({
      ...details,
      method: "POST",
      url: apiUrl(this.parts.endpoint, path),
      body: payload,
      idempotent: false,
      signal: options.signal,
    });
    if (reply.status === 404) {
      // The record is missing, or this Tracker does not serve the path.
      throw new TrackerNotFoundError(
        { ...details, status: 404 },
        "candidate or endpoint not found",
      );
    }
    assertSuccess(reply, details);
    return jsonBody(reply, details);
  }

  protected parseOne<Schema extends z.ZodType>(
    schema: Schema,
    body: unknown,
    details: TrackerErrorDetails,
  ): z.output<Schema> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new TrackerInvalidResponseError(
        details,
        summarizeIssues(parsed.error),
      );
    }
    return parsed.data;
  }

  /** Parses each element on its own; a bad one is logged and skipped. */
  protected parseList<Schema extends z.ZodType>(
    schema: Schema,
    body: unknown,
    details: TrackerErrorDetails,
    idKeys: string[],
  ): { rows: z.output<Schema>[]; skipped: SkippedRow[] } {
    const list = extractList(body);
    if (!list) {
      throw new TrackerInvalidResponseError(details, "expected a list");
    }
    return parseRows(schema, list, details, idKeys, this.parts.logger);
  }
}
