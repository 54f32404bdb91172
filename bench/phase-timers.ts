import type { Database } from "@/db";

/**
 * Timers a bench case installs around its Tracker and database calls, so
 * a phase's wall time can be split into the time spent waiting for the
 * sandbox's replies, the time spent in SQL statements, and the rest.
 */

/** Sums a set of possibly overlapping [start, end] intervals. */
class IntervalClock {
  private totalMs = 0;
  private openCount = 0;
  private openedAt = 0;

  /** Marks the start of one interval; returns the function that ends it. */
  begin(): () => void {
    if (this.openCount === 0) this.openedAt = performance.now();
    this.openCount += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.openCount -= 1;
      if (this.openCount === 0) {
        this.totalMs += performance.now() - this.openedAt;
      }
    };
  }

  /** Milliseconds covered by at least one interval, open ones included. */
  elapsedMs(): number {
    const open = this.openCount > 0 ? performance.now() - this.openedAt : 0;
    return this.totalMs + open;
  }
}

/**
 * Times every `fetch` to the sandbox's `/api` routes in this process: from
 * the call until the reply body has been read with `text()`, `json()` or
 * `arrayBuffer()`, or until the headers arrived when the body is never
 * read. Overlapping requests count once. The Tracker client sends its
 * requests through the global `fetch`, so no Relay code changes.
 *
 * The time includes the loopback round trip and undici's own work to send
 * the request and parse the reply, which runs in this process but cannot
 * be separated from the wait without instrumenting undici.
 */
export class TrackerWaitTimer {
  private readonly clock = new IntervalClock();
  requests = 0;

  constructor(sandboxUrl: string) {
    const apiPrefix = `${sandboxUrl.replace(/\/+$/, "")}/api/`;
    const originalFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const url =
        typeof input === "string"
          ? input
          : input instanceof URL
            ? input.href
            : input.url;
      if (!url.startsWith(apiPrefix)) return originalFetch(input, init);

      this.requests += 1;
      const end = this.clock.begin();
      let response: Response;
      try {
        response = await originalFetch(input, init);
      } catch (error) {
        end();
        throw error;
      }
      endAfterBodyRead(response, end);
      return response;
    };
  }

  elapsedMs(): number {
    return this.clock.elapsedMs();
  }
}

function endAfterBodyRead(response: Response, end: () => void) {
  if (response.body === null) {
    end();
    return;
  }
  for (const method of ["text", "json", "arrayBuffer"] as const) {
    const read = response[method].bind(response) as () => Promise<unknown>;
    Object.defineProperty(response, method, {
      value: async () => {
        try {
          return await read();
        } finally {
          end();
        }
      },
    });
  }
}

type QueryRunner = {
  query: (...args: never[]) => Promise<unknown>;
  exec: (...args: never[]) => Promise<unknown>;
  transaction?: (
    callback: (tx: QueryRunner) => Promise<unknown>,
  ) => Promise<unknown>;
};

/**
 * Times the SQL statements a PGlite database runs, inside transactions
 * too, and counts them. PGlite runs in this process, so the time is CPU
 * work of the case process. BEGIN and COMMIT that PGlite sends for a
 * transaction are not counted. Returns null for a Postgres server, whose
 * time is spent in another process.
 */
export class SqlTimer {
  private readonly clock = new IntervalClock();
  statements = 0;
  // Time and count per statement text, kept when BENCH_SQL_DETAIL=1.
  private readonly detail =
    process.env.BENCH_SQL_DETAIL === "1"
      ? new Map<string, { ms: number; count: number }>()
      : null;

  private constructor(client: QueryRunner) {
    this.wrap(client);
  }

  static install(database: Database): SqlTimer | null {
    if (database.kind !== "pglite") return null;
    const client = (database.db as unknown as { $client: QueryRunner }).$client;
    return new SqlTimer(client);
  }

  elapsedMs(): number {
    return this.clock.elapsedMs();
  }

  /**
   * Writes to stderr the statements that took the most time since the
   * last call, with their count, then starts counting again. Does nothing
   * unless BENCH_SQL_DETAIL=1.
   */
  reportDetail(label: string, top = 12): void {
    if (!this.detail) return;
    const rows = [...this.detail.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top);
    process.stderr.write(`\nSQL by statement, ${label}:\n`);
    for (const [text, { ms, count }] of rows) {
      process.stderr.write(
        `${ms.toFixed(1).padStart(9)} ms ${String(count).padStart(6)}x  ${text}\n`,
      );
    }
    this.detail.clear();
  }

  private wrap(runner: QueryRunner) {
    for (const method of ["query", "exec"] as const) {
      const original = runner[method].bind(runner) as (
        ...args: unknown[]
      ) => Promise<unknown>;
      runner[method] = (async (...args: unknown[]) => {
        this.statements += 1;
        const end = this.clock.begin();
        const startedAt = performance.now();
        try {
          return await original(...args);
        } finally {
          end();
          if (this.detail) {
            const text = String(args[0]).replace(/\s+/g, " ").slice(0, 110);
            const entry = this.detail.get(text) ?? { ms: 0, count: 0 };
            entry.ms += performance.now() - startedAt;
            entry.count += 1;
            this.detail.set(text, entry);
          }
        }
      }) as QueryRunner[typeof method];
    }
    // A transaction's own client has query and exec but no transaction.
    if (typeof runner.transaction !== "function") return;
    const transaction = runner.transaction.bind(runner);
    runner.transaction = (callback) =>
      transaction((tx) => {
        this.wrap(tx);
        return callback(tx);
      });
  }
}
