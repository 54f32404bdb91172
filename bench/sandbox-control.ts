import type { RequestLogEntry } from "@/lib/tracker-sandbox";

/**
 * A small client of the sandbox's control API (`/_sandbox/`), for a case
 * process that runs apart from the sandbox. Only loopback URLs are used.
 */
export class SandboxControl {
  constructor(
    private readonly baseUrl: string,
    private readonly databaseName: string,
  ) {}

  movePlacements(body: {
    jobId: number;
    fromStatusId: number;
    toStatusId: number;
    count: number;
  }) {
    return this.send("POST", `databases/${this.databaseName}/placements/move`, {
      body,
    });
  }

  addApplicant(body: Record<string, unknown>) {
    return this.send("POST", `databases/${this.databaseName}/applicants`, {
      body,
    });
  }

  /** Id of the newest request in the log, or 0 when it is empty. */
  async lastRequestId(): Promise<number> {
    const entries = (await this.send(
      "GET",
      `requests?database=${this.databaseName}&limit=1`,
    )) as RequestLogEntry[];
    return entries[0]?.id ?? 0;
  }

  requestsAfter(afterId: number): Promise<RequestLogEntry[]> {
    // The log rejects afterId=0; leaving it out lists every entry.
    const after = afterId > 0 ? `&afterId=${afterId}` : "";
    return this.send(
      "GET",
      `requests?database=${this.databaseName}${after}`,
    ) as Promise<RequestLogEntry[]>;
  }

  private async send(
    method: string,
    path: string,
    options: { body?: unknown } = {},
  ): Promise<unknown> {
    const reply = await fetch(`${this.baseUrl}/_sandbox/${path}`, {
      method,
      headers: options.body ? { "Content-Type": "application/json" } : {},
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const text = await reply.text();
    if (!reply.ok) {
      throw new Error(
        `sandbox control ${method} ${path} failed with ${reply.status}: ` +
          text.slice(0, 200),
      );
    }
    return JSON.parse(text) as unknown;
  }
}
