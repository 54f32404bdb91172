import type { SandboxDatabase } from "@/lib/tracker-sandbox/database";
import { corruptRow } from "@/lib/tracker-sandbox/faults";
import {
  integerProperty,
  json,
  notFoundProblem,
  property,
  type Reply,
} from "@/lib/tracker-sandbox/http/respond";
import {
  createActivity,
  listActivities,
  uploadDocument,
} from "@/lib/tracker-sandbox/http/write-routes";
import type { SandboxPlacement } from "@/lib/tracker-sandbox/model";
import type { SandboxState } from "@/lib/tracker-sandbox/state";
import {
  renderCandidate,
  renderDocumentContent,
  renderDocumentEntry,
  renderJob,
  renderPlacementRow,
} from "@/lib/tracker-sandbox/shapes";

/** Input of a `/api/v1` handler: the caller's database and the request. */
export type ApiContext = {
  state: SandboxState;
  database: SandboxDatabase;
  params: number[];
  /** Parsed JSON body, for POST routes only. */
  body: unknown;
};

export type ApiRoute = {
  method: "GET" | "POST";
  /** Segments after `/api/v1/`; `{}` is an integer parameter. */
  pattern: string;
  needsBody: boolean;
  enabled?: (state: SandboxState) => boolean;
  handle: (context: ApiContext) => Reply;
};

function getJob({ database, params }: ApiContext): Reply {
  const job = database.jobs.get(params[0]!);
  return job ? json(200, renderJob(job)) : notFoundProblem();
}

function listStatuses({ state, database }: ApiContext): Reply {
  const groupKey = state.settings.statusGroupKey;
  return json(
    200,
    database.statuses.map((status) => ({
      id: status.id,
      name: status.name,
      [groupKey]: status.group,
      order: status.order,
    })),
  );
}

function filterPlacements(
  database: SandboxDatabase,
  visible: SandboxPlacement[],
  body: unknown,
): SandboxPlacement[] {
  const jobId = integerProperty(body, "opportunityId");
  const statusId =
    integerProperty(body, "opportunityResourceStatusId") ??
    integerProperty(body, "statusId");
  const text = property(body, "searchText");
  const needle = typeof text === "string" ? text.trim().toLowerCase() : "";
  // NOTE: filtering scans every row, so it is O(n) per page; only the
  // default filters-ignored mode keeps searches O(page).
  return visible.filter((placement) => {
    if (jobId !== undefined && placement.jobId !== jobId) return false;
    if (statusId !== undefined && placement.statusId !== statusId) {
      return false;
    }
    if (needle === "") return true;
    const candidate = database.candidates.get(placement.resourceId)!;
    const haystack = `${candidate.firstName} ${candidate.surname} ${candidate.email ?? ""}`;
    return haystack.toLowerCase().includes(needle);
  });
}

function searchPlacements({ state, database, body }: ApiContext): Reply {
  const settings = state.settings;
  const requestedPage = integerProperty(body, "pageNumber") ?? 1;
  const pageNumber = Math.max(1, requestedPage);
  const requestedSize =
    integerProperty(body, "pageSize") ?? settings.defaultPageSize;
  const pageSize = requestedSize > 0 ? requestedSize : settings.defaultPageSize;
  const rowsPerPage = Math.min(pageSize, settings.pageSizeCap);

  const cutoff = state.now() - settings.searchIndexLagMs;
  const visibleCount = database.countIndexedAt(cutoff);
  // A repeated page serves the rows of the page before it.
  const repeated = pageNumber > 1 && state.faults.consume("repeatedPages");
  const start = (pageNumber - (repeated ? 2 : 1)) * rowsPerPage;

  let total = visibleCount;
  let page: SandboxPlacement[];
  if (settings.ignoreSearchFilters) {
    page = database.placements.slice(
      Math.min(start, visibleCount),
      Math.min(start + rowsPerPage, visibleCount),
    );
  } else {
    const visible = database.placements.slice(0, visibleCount);
    const matching = filterPlacements(database, visible, body);
    total = matching.length;
    page = matching.slice(start, start + rowsPerPage);
  }

  const rows: unknown[] = page.map((placement) =>
    renderPlacementRow(database, placement, settings, cutoff),
  );
  const reply = json(200, {
    data: rows,
    totalRecords: total,
    pageNumber,
    pageSize: settings.pageSizeInReply === "requested" ? pageSize : rowsPerPage,
  });
  if (repeated) reply.fault = "repeatedPages";
  if (rows.length > 0 && state.faults.consume("malformedRows")) {
    corruptRow(rows, pageNumber);
    reply.fault = "malformedRows";
  }
  return reply;
}

function getPlacement({ state, database, params }: ApiContext): Reply {
  const placement = database.placementsById.get(params[0]!);
  if (!placement) return notFoundProblem();
  const row = renderPlacementRow(database, placement, state.settings, Infinity);
  return json(200, { ...row, customFields: [] });
}

function getCandidate({ database, params }: ApiContext): Reply {
  const candidate = database.candidates.get(params[0]!);
  return candidate ? json(200, renderCandidate(candidate)) : notFoundProblem();
}

function listDocuments({ state, database, params }: ApiContext): Reply {
  if (!database.candidates.has(params[0]!)) return notFoundProblem();
  const entries = database
    .listDocuments(params[0]!)
    .map((document) =>
      renderDocumentEntry(document, state.settings, database.timeZone),
    );
  const envelope = state.settings.documentListEnvelope;
  return json(200, envelope ? { [envelope]: entries } : entries);
}

function getDocument({ state, database, params }: ApiContext): Reply {
  const [resourceId, documentId] = params;
  const document = database.documents.get(documentId!);
  if (!document || document.resourceId !== resourceId) {
    return notFoundProblem();
  }
  return json(200, renderDocumentContent(document, state.settings));
}

/** Lists every `/api/v1` route, with the statuses path from the settings. */
export function apiRoutes(state: SandboxState): ApiRoute[] {
  return [
    {
      method: "GET",
      pattern: "Opportunity/{}",
      needsBody: false,
      handle: getJob,
    },
    {
      method: "GET",
      pattern: state.settings.statusesPath,
      needsBody: false,
      handle: listStatuses,
    },
    {
      method: "POST",
      pattern: "OpportunityResource/Search",
      needsBody: true,
      handle: searchPlacements,
    },
    {
      method: "GET",
      pattern: "OpportunityResource/{}",
      needsBody: false,
      handle: getPlacement,
    },
    {
      method: "GET",
      pattern: "Resource/{}",
      needsBody: false,
      handle: getCandidate,
    },
    {
      method: "GET",
      pattern: "Resource/{}/Documents",
      needsBody: false,
      handle: listDocuments,
    },
    {
      method: "POST",
      pattern: "Resource/{}/Documents",
      needsBody: true,
      enabled: (current) => current.settings.documentUploadEnabled,
      handle: uploadDocument,
    },
    {
      method: "GET",
      pattern: "Resource/{}/Document/{}",
      needsBody: false,
      handle: getDocument,
    },
    {
      method: "POST",
      pattern: "Activity",
      needsBody: true,
      enabled: (current) => current.settings.activityEndpointEnabled,
      handle: createActivity,
    },
    {
      method: "GET",
      pattern: "Resource/{}/Activities",
      needsBody: false,
      handle: listActivities,
    },
  ];
}

export type RouteMatch =
  | { kind: "found"; route: ApiRoute; params: number[] }
  | { kind: "methodNotAllowed" }
  | { kind: "notFound" };

/** Matches a path after `/api/v1/` case-insensitively, as ASP.NET does. */
export function matchApiRoute(
  state: SandboxState,
  method: string,
  rest: string,
): RouteMatch {
  const segments = rest.split("/").filter((segment) => segment !== "");
  let pathMatched = false;
  for (const route of apiRoutes(state)) {
    if (route.enabled && !route.enabled(state)) continue;
    const parts = route.pattern.split("/");
    if (parts.length !== segments.length) continue;
    const params: number[] = [];
    const matches = parts.every((part, index) => {
      const segment = segments[index]!;
      if (part === "{}") {
        if (!/^\d{1,15}$/.test(segment)) return false;
        params.push(Number(segment));
        return true;
      }
      return part.toLowerCase() === segment.toLowerCase();
    });
    if (!matches) continue;
    if (route.method === method) return { kind: "found", route, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: "methodNotAllowed" } : { kind: "notFound" };
}
