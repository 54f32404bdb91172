import type { IncomingMessage, ServerResponse } from "node:http";

import { ZodError } from "zod";

import { getLogger } from "@/lib/logger";
import { SandboxError } from "@/lib/tracker-sandbox/database";
import {
  isLoopback,
  json,
  readBody,
  writeReply,
  type Reply,
} from "@/lib/tracker-sandbox/http/respond";
import type { SandboxState } from "@/lib/tracker-sandbox/state";

const log = getLogger("tracker-sandbox");

// Control bodies are small JSON documents, apart from an uploaded resume.
const MAX_CONTROL_BODY_BYTES = 20_000_000;

type ControlRequest = {
  state: SandboxState;
  /** Path segments after `/_sandbox/`, decoded. */
  segments: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
};

type ControlRoute = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Segments after `/_sandbox/`, where `:name` captures one segment. */
  pattern: string;
  handle: (request: ControlRequest, params: string[]) => unknown;
  /** 201 for routes that create records, else 200. */
  status?: number;
};

function numberParam(value: string | undefined, label: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new SandboxError(
      400,
      `${label} must be a positive integer, got "${value}"`,
    );
  }
  return parsed;
}

function optionalNumberQuery(query: URLSearchParams, key: string) {
  const value = query.get(key);
  return value === null ? undefined : numberParam(value, key);
}

const ROUTES: ControlRoute[] = [
  {
    method: "GET",
    pattern: "",
    handle: () =>
      ROUTES.map((route) => `${route.method} /_sandbox/${route.pattern}`),
  },
  {
    method: "GET",
    pattern: "databases",
    handle: ({ state }) => state.listDatabases(),
  },
  {
    method: "GET",
    pattern: "databases/:name/jobs",
    handle: ({ state }, [name]) => state.listJobs(name!),
  },
  {
    method: "POST",
    pattern: "databases/:name/jobs",
    status: 201,
    handle: ({ state, body }, [name]) => state.createJob(name!, body as never),
  },
  {
    method: "GET",
    pattern: "databases/:name/statuses",
    handle: ({ state }, [name]) => state.listStatuses(name!),
  },
  {
    method: "GET",
    pattern: "databases/:name/placements/:id",
    handle: ({ state }, [name, id]) =>
      state.placementRow(name!, numberParam(id, "placement id")),
  },
  {
    method: "POST",
    pattern: "databases/:name/placements/:id/status",
    handle: ({ state, body }, [name, id]) => {
      const placementId = numberParam(id, "placement id");
      state.movePlacement(name!, placementId, body as never);
      return state.placementRow(name!, placementId);
    },
  },
  {
    method: "POST",
    pattern: "databases/:name/placements/move",
    handle: ({ state, body }, [name]) =>
      state.movePlacements(name!, body as never),
  },
  {
    method: "POST",
    pattern: "databases/:name/placements/bulk",
    status: 201,
    handle: ({ state, body }, [name]) =>
      state.bulkAddPlacements(name!, body as never),
  },
  {
    method: "POST",
    pattern: "databases/:name/applicants",
    status: 201,
    handle: ({ state, body }, [name]) =>
      state.addApplicant(name!, body as never),
  },
  {
    method: "POST",
    pattern: "databases/:name/access-token",
    handle: ({ state }, [name]) => state.regenerateAccessToken(name!),
  },
  {
    method: "GET",
    pattern: "databases/:name/activities",
    handle: ({ state }, [name]) => state.listActivities(name!),
  },
  {
    method: "GET",
    pattern: "databases/:name/documents",
    handle: ({ state }, [name]) => state.listUploadedDocuments(name!),
  },
  {
    method: "GET",
    pattern: "faults",
    handle: ({ state }) => state.getFaults(),
  },
  {
    method: "PATCH",
    pattern: "faults",
    handle: ({ state, body }) => state.setFaults(body),
  },
  {
    method: "DELETE",
    pattern: "faults",
    handle: ({ state }) => state.clearFaults(),
  },
  {
    method: "GET",
    pattern: "settings",
    handle: ({ state }) => state.getSettings(),
  },
  {
    method: "PATCH",
    pattern: "settings",
    handle: ({ state, body }) => state.updateSettings(body),
  },
  {
    method: "GET",
    pattern: "requests",
    handle: ({ state, query }) =>
      state.requestLog({
        database: query.get("database") ?? undefined,
        afterId: optionalNumberQuery(query, "afterId"),
        limit: optionalNumberQuery(query, "limit"),
      }),
  },
  {
    method: "DELETE",
    pattern: "requests",
    handle: ({ state }) => {
      state.clearRequestLog();
      return { cleared: true };
    },
  },
  {
    method: "POST",
    pattern: "clock",
    handle: ({ state, body }) => {
      const ms = body.ms;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0) {
        throw new SandboxError(400, "ms must be a non-negative integer");
      }
      return { now: new Date(state.advanceClock(ms)).toISOString() };
    },
  },
  {
    method: "POST",
    pattern: "reset",
    handle: ({ state }) => {
      state.reset();
      return { reset: true };
    },
  },
];

function matchRoute(method: string, segments: string[]) {
  let pathMatched = false;
  for (const route of ROUTES) {
    const parts = route.pattern === "" ? [] : route.pattern.split("/");
    if (parts.length !== segments.length) continue;
    const params: string[] = [];
    const matches = parts.every((part, index) => {
      if (part.startsWith(":")) {
        params.push(segments[index]!);
        return true;
      }
      return part === segments[index]!.toLowerCase();
    });
    if (!matches) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? "methodNotAllowed" : undefined;
}

async function parseControlBody(request: IncomingMessage) {
  const raw = await readBody(request, MAX_CONTROL_BODY_BYTES);
  const text = raw.toString("utf8").trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SandboxError(
      400,
      `invalid JSON body: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SandboxError(400, "the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Serves `/_sandbox/...`: JSON in and out, loopback callers only. */
export async function handleControlRequest(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  writeReply(response, await controlReply(state, request, url));
}

async function controlReply(
  state: SandboxState,
  request: IncomingMessage,
  url: URL,
): Promise<Reply> {
  if (!isLoopback(request.socket.remoteAddress)) {
    return json(403, {
      error: "the control API only answers loopback callers",
    });
  }
  const segments = url.pathname
    .split("/")
    .filter((segment) => segment !== "")
    .slice(1)
    .map((segment) => decodeURIComponent(segment));
  const method = request.method ?? "GET";
  const match = matchRoute(method, segments);
  if (match === undefined) {
    return json(404, { error: `no control route ${method} ${url.pathname}` });
  }
  if (match === "methodNotAllowed") {
    return json(405, { error: `${method} is not allowed on ${url.pathname}` });
  }
  try {
    const body = await parseControlBody(request);
    const result = match.route.handle(
      { state, segments, query: url.searchParams, body },
      match.params,
    );
    return json(match.route.status ?? 200, result);
  } catch (error) {
    if (error instanceof SandboxError) {
      log.warn(
        { path: url.pathname, status: error.status, error: error.message },
        "sandbox control request rejected",
      );
      return json(error.status, { error: error.message });
    }
    if (error instanceof ZodError) {
      log.warn(
        { path: url.pathname, issues: error.issues.length },
        "sandbox control request body invalid",
      );
      return json(400, { error: "invalid request body", issues: error.issues });
    }
    log.error({ err: error, path: url.pathname }, "sandbox control failed");
    return json(500, { error: "internal sandbox error; see the server log" });
  }
}
