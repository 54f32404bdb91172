/** One `/api` request as the sandbox received it. It contains no token. */
export type RequestLogEntry = {
  id: number;
  /** ISO 8601 UTC time the request arrived (sandbox clock). */
  time: string;
  method: string;
  /** Path and query string as sent. */
  path: string;
  status: number;
  /**
   * Time from arrival until the reply was written, in milliseconds to
   * 0.01, reading the body included.
   */
  durationMs: number;
  /** Database the token or JWT belonged to, or null when unknown. */
  database: string | null;
  /** Fault that shaped the reply, when one did. */
  fault: string | null;
};

export type RequestLogFilter = {
  database?: string;
  /** Only entries with an id above this one. */
  afterId?: number;
  /** At most this many of the newest matching entries. */
  limit?: number;
};

/** A bounded log of `/api` requests, oldest dropped first. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextId = 1;

  constructor(private readonly capacity: () => number) {}

  add(entry: Omit<RequestLogEntry, "id">): RequestLogEntry {
    const stored = { id: this.nextId++, ...entry };
    this.entries.push(stored);
    const overflow = this.entries.length - this.capacity();
    if (overflow > 0) this.entries.splice(0, overflow);
    return stored;
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const database = filter.database?.toLowerCase();
    const matching = this.entries.filter(
      (entry) =>
        (database === undefined ||
          entry.database?.toLowerCase() === database) &&
        (filter.afterId === undefined || entry.id > filter.afterId),
    );
    return filter.limit === undefined
      ? matching
      : matching.slice(-filter.limit);
  }

  clear(): void {
    this.entries = [];
  }
}
