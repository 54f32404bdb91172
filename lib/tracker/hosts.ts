/**
 * Where each Tracker region's REST API lives, and how request URLs are
 * built. Every path the client calls goes through `apiUrl` or
 * `exchangeTokenUrl`, so a path found to differ on a real Tracker changes
 * here only.
 */

export const TRACKER_REGIONS = ["US", "CA", "Other", "Sandbox"] as const;
export type TrackerRegion = (typeof TRACKER_REGIONS)[number];

// REST (JWT) hosts. The older "Widget" API has its own hosts
// (evoapius, evoapica, evoapi), which this client does not call.
const REGION_HOSTS: Record<Exclude<TrackerRegion, "Sandbox">, string> = {
  US: "https://evousapi.tracker-rms.com",
  CA: "https://evocaapi.tracker-rms.com",
  Other: "https://evoglapi.tracker-rms.com",
};

// Offered as the starting value on the connect form; the admin can edit it
// because a region's databases are not all in one zone.
const REGION_TIME_ZONES: Record<TrackerRegion, string> = {
  US: "America/New_York",
  CA: "America/Toronto",
  Other: "Europe/London",
  Sandbox: "America/Los_Angeles",
};

export const DEFAULT_API_VERSION = 1;

export type TrackerEndpoint = {
  region: TrackerRegion;
  apiVersion?: number;
  /** Overrides the region's host; required for the Sandbox region. */
  baseUrl?: string | null;
};

export class TrackerConfigError extends Error {
  name = "TrackerConfigError";
}

/** Returns the origin (scheme, host, optional path prefix) for requests. */
export function resolveBaseUrl(endpoint: TrackerEndpoint): string {
  if (endpoint.baseUrl) {
    let parsed: URL;
    try {
      parsed = new URL(endpoint.baseUrl);
    } catch {
      throw new TrackerConfigError(
        `Tracker base URL "${endpoint.baseUrl}" is not a valid URL; ` +
          "use a full URL such as http://127.0.0.1:4010",
      );
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new TrackerConfigError(
        `Tracker base URL "${endpoint.baseUrl}" must use http or https`,
      );
    }
    return parsed.toString().replace(/\/+$/, "");
  }
  if (endpoint.region === "Sandbox") {
    throw new TrackerConfigError(
      "the Sandbox region needs a base URL; set TRACKER_SANDBOX_URL or " +
        "store the sandbox URL on the connection",
    );
  }
  return REGION_HOSTS[endpoint.region];
}

/** Returns the region's API host name, as an admin would recognize it. */
export function regionHostName(
  region: Exclude<TrackerRegion, "Sandbox">,
): string {
  return new URL(REGION_HOSTS[region]).host;
}

export function resolveApiVersion(endpoint: TrackerEndpoint): number {
  const version = endpoint.apiVersion ?? DEFAULT_API_VERSION;
  if (!Number.isInteger(version) || version < 1) {
    throw new TrackerConfigError(
      `Tracker API version ${String(version)} is invalid; use a whole ` +
        "number such as 1",
    );
  }
  return version;
}

/** URL of a versioned resource path such as `Opportunity/1026`. */
export function apiUrl(endpoint: TrackerEndpoint, path: string): string {
  const version = resolveApiVersion(endpoint);
  const relative = path.replace(/^\/+/, "");
  return `${resolveBaseUrl(endpoint)}/api/v${version}/${relative}`;
}

/** The token exchange is not versioned, unlike every resource path. */
export function exchangeTokenUrl(endpoint: TrackerEndpoint): string {
  return `${resolveBaseUrl(endpoint)}/api/Auth/ExchangeToken`;
}

export function defaultTimeZone(region: TrackerRegion): string {
  return REGION_TIME_ZONES[region];
}

/** Resource paths, kept together because several are assumed, not known. */
export const TRACKER_PATHS = {
  job: (id: number) => `Opportunity/${id}`,
  // Assumed path: no public source names the placement status endpoint.
  stages: () => "MetaData/OpportunityResourceStatuses",
  placementSearch: () => "OpportunityResource/Search",
  candidate: (id: number) => `Resource/${id}`,
  documents: (candidateId: number) => `Resource/${candidateId}/Documents`,
  document: (candidateId: number, documentId: number) =>
    `Resource/${candidateId}/Document/${documentId}`,
  // Assumed: REST activity creation is unverified against a real Tracker.
  activity: () => "Activity",
  activities: (candidateId: number) => `Resource/${candidateId}/Activities`,
} as const;
