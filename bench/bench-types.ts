/** Figures passed between the benchmark's parent and its case processes. */

export type CaseInput = {
  sandboxUrl: string;
  placements: number;
  jobs: number;
  /** Stage entries created between the two polls. */
  candidates: number;
  /** Runs the first poll only, to save time on the largest size. */
  pollOnly?: boolean;
};

export type PhaseFigures = {
  /** Candidates pulled, dispatched or written back in the phase. */
  items: number;
  /** Tracker requests in the sandbox's request log. */
  requests: number;
  /** Requests that got a status of 400 or more. */
  failedRequests: number;
  elapsedMs: number;
  /** Time the sandbox spent handling the phase's requests, by its log. */
  sandboxMs: number;
  /**
   * Time the case process waited for the sandbox's replies, from each
   * `fetch` call until its body was read. It includes the loopback round
   * trip and undici's work on both ends of it.
   */
  trackerWaitMs: number;
  /** Time in SQL statements and their count; null on a Postgres server. */
  sql: { ms: number; statements: number } | null;
  /** Requests per method and path, with ids replaced by ":id". */
  byRoute: Record<string, number>;
};

export type MemoryFigures = {
  /** Resident set size when sampling started, in bytes. */
  startRss: number;
  peakRss: number;
  peakHeapUsed: number;
  /** Peak of memory held by ArrayBuffers, where PGlite keeps its data. */
  peakArrayBuffers: number;
  samples: number;
};

export type CaseResult = {
  placements: number;
  jobs: number;
  /** First poll: a full crawl that records each mapping's baseline. */
  baseline: PhaseFigures;
  /** Second poll, after the stage entries; null for a poll-only case. */
  pulling: PhaseFigures | null;
  /** Placements the second poll crawled, new applicants included. */
  pullingPlacements: number | null;
  intake: PhaseFigures | null;
  writeBack: PhaseFigures | null;
  memory: MemoryFigures;
};
