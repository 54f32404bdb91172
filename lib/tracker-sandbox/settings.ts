import { z } from "zod";

const count = z.number().int().min(0);

/**
 * Each Tracker quirk the sandbox imitates, confirmed or assumed, is a
 * setting here. The defaults follow the pessimistic reading of the public
 * evidence, so a finding from a real Tracker database changes a value, not
 * the code that uses it.
 */
export const settingsSchema = z.object({
  /** Maximum rows per search page, whatever `pageSize` the request sends. */
  pageSizeCap: count.min(1),
  /** Page size used when the request sends none. */
  defaultPageSize: count.min(1),
  /**
   * `pageSize` in a search reply: the size requested or the rows per page
   * served. No public source shows which one Tracker sends.
   */
  pageSizeInReply: z.enum(["requested", "served"]),
  /**
   * When true, `OpportunityResource/Search` ignores `searchText`,
   * `opportunityId` and status filters and returns placements of every job.
   */
  ignoreSearchFilters: z.boolean(),
  /** When true, a new token exchange revokes the JWT issued before it. */
  singleLiveJwt: z.boolean(),
  /** When true, regenerating an access token also revokes its live JWTs. */
  regenerateRevokesJwts: z.boolean(),
  /** Requests per rolling window per access token, or 0 for no limit. */
  rateLimitPerMinute: count,
  /** Length of the rolling rate-limit window in milliseconds. */
  rateLimitWindowMs: count.min(1),
  /** `Retry-After` seconds sent during an injected 429 storm. */
  stormRetryAfterSeconds: count,
  /** JWT lifetime in seconds (7 days by default). */
  jwtLifetimeSeconds: count.min(1),
  /**
   * Format of `expiration` in the exchange response: database-local time
   * with no offset ("2026-01-08T10:00:00") or UTC with a "Z" suffix.
   */
  expirationFormat: z.enum(["local", "utc"]),
  /** API versions served under `/api/v{N}/`. Other versions get 404. */
  acceptedApiVersions: z.array(count.min(1)),
  /**
   * How far search results lag behind GET-by-id, in milliseconds. A row
   * created or changed less than this long ago shows its previous state.
   */
  searchIndexLagMs: count,
  /** Path after `/api/v1/` that lists placement statuses. */
  statusesPath: z.string().min(1),
  /** Key that carries a status's group in the statuses list. */
  statusGroupKey: z.string().min(1),
  /** Key for the document id in the documents list. */
  documentIdKey: z.string().min(1),
  /** Key for the file name in document list and download responses. */
  documentFilenameKey: z.string().min(1),
  /** Key for the base64 file content in a document download or upload. */
  documentContentKey: z.string().min(1),
  /** Wrapper key around the documents list, or null for a bare array. */
  documentListEnvelope: z.string().min(1).nullable(),
  /** Casing of every JSON key the `/api` routes return. */
  responseKeyCasing: z.enum(["camelCase", "PascalCase"]),
  /**
   * Order of names in `resourceDisplayAs`: "First Last", "Last, First",
   * or a mix that varies by candidate.
   */
  displayNameOrder: z.enum(["first-last", "last-first", "mixed"]),
  /** When false, `POST /api/v1/Activity` returns 404. */
  activityEndpointEnabled: z.boolean(),
  /** When false, `POST /api/v1/Resource/{id}/Documents` returns 404. */
  documentUploadEnabled: z.boolean(),
  /** When true, a JSON body without `Content-Type: application/json` gets 415. */
  requireJsonContentType: z.boolean(),
  /** Largest accepted request body in bytes. Larger bodies get 413. */
  maxBodyBytes: count.min(1),
  /** Number of `/api` requests kept in the request log. */
  requestLogLimit: count.min(1),
});

export type SandboxSettings = z.infer<typeof settingsSchema>;

/** Validates a partial settings update from the control API. */
export const settingsPatchSchema = settingsSchema.partial().strict();

export const DEFAULT_SETTINGS: SandboxSettings = {
  pageSizeCap: 10,
  defaultPageSize: 10,
  pageSizeInReply: "requested",
  ignoreSearchFilters: true,
  singleLiveJwt: true,
  regenerateRevokesJwts: true,
  rateLimitPerMinute: 100,
  rateLimitWindowMs: 60_000,
  stormRetryAfterSeconds: 2,
  jwtLifetimeSeconds: 7 * 24 * 60 * 60,
  expirationFormat: "local",
  acceptedApiVersions: [1],
  searchIndexLagMs: 0,
  statusesPath: "MetaData/OpportunityResourceStatuses",
  statusGroupKey: "group",
  documentIdKey: "documentId",
  documentFilenameKey: "filename",
  documentContentKey: "filecontent",
  documentListEnvelope: null,
  responseKeyCasing: "camelCase",
  displayNameOrder: "mixed",
  activityEndpointEnabled: true,
  documentUploadEnabled: true,
  requireJsonContentType: true,
  // Kestrel's default request body limit (ASP.NET Core 8).
  maxBodyBytes: 30_000_000,
  requestLogLimit: 5_000,
};

export function resolveSettings(
  overrides: Partial<SandboxSettings> = {},
): SandboxSettings {
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...overrides });
}
