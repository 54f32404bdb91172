import type { AddressInfo } from "node:net";

import { getLogger } from "@/lib/logger";
import { createSandboxServer } from "@/lib/tracker-sandbox/http/server";
import type { SandboxDatabaseSeed } from "@/lib/tracker-sandbox/model";
import { buildDefaultSeeds } from "@/lib/tracker-sandbox/seed/demo-seed";
import type { SandboxSettings } from "@/lib/tracker-sandbox/settings";
import { SandboxState } from "@/lib/tracker-sandbox/state";

/**
 * A local simulator of Tracker's REST API (token exchange, jobs,
 * placements, candidates, documents, activities) with its quirks, plus a
 * control API under `/_sandbox/`. Everything lives in memory.
 */

export type StartSandboxOptions = {
  /** 0 picks a free port. Defaults to 0. */
  port?: number;
  /** Defaults to 127.0.0.1. The control API serves loopback callers only. */
  host?: string;
  /** Databases added after the seeded ones, or alone with `seedDemo: false`. */
  databases?: SandboxDatabaseSeed[];
  settings?: Partial<SandboxSettings>;
  /** Seed the "demo" and "maple" databases. Defaults to true. */
  seedDemo?: boolean;
};

export type RunningSandbox = {
  /** Base URL with no trailing slash, e.g. "http://127.0.0.1:4010". */
  url: string;
  close(): Promise<void>;
  /** In-process access to the same operations as the control API. */
  state: SandboxState;
};

export async function startSandbox(
  options: StartSandboxOptions = {},
): Promise<RunningSandbox> {
  const log = getLogger("tracker-sandbox");
  const seeds = [
    ...(options.seedDemo === false ? [] : buildDefaultSeeds()),
    ...(options.databases ?? []),
  ];
  const state = new SandboxState(seeds, options.settings);
  const server = createSandboxServer(state);
  const host = options.host ?? "127.0.0.1";

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  log.info(
    { url, databases: state.listDatabases().map((d) => d.name) },
    "tracker sandbox started",
  );

  return {
    url,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) return reject(error);
          log.info({ url }, "tracker sandbox stopped");
          resolve();
        });
      }),
  };
}

export { SandboxState } from "@/lib/tracker-sandbox/state";
export type { DatabaseSummary } from "@/lib/tracker-sandbox/state";
export { SandboxError } from "@/lib/tracker-sandbox/database";
export {
  DEFAULT_SETTINGS,
  type SandboxSettings,
} from "@/lib/tracker-sandbox/settings";
export { NO_FAULTS, type SandboxFaults } from "@/lib/tracker-sandbox/faults";
export type { RequestLogEntry } from "@/lib/tracker-sandbox/request-log";
export type {
  CandidateSeed,
  JobSeed,
  PlacementSeed,
  Region,
  SandboxDatabaseSeed,
  SandboxStatus,
  StatusGroup,
} from "@/lib/tracker-sandbox/model";
export { SEED_EPOCH, STATUS_GROUPS } from "@/lib/tracker-sandbox/model";
export {
  CANADA_ACCESS_TOKEN,
  DEMO_ACCESS_TOKEN,
} from "@/lib/tracker-sandbox/seed/demo-seed";
export { FIXTURE_RESUMES } from "@/lib/tracker-sandbox/seed/resumes";
