import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

import { getLogger } from "@/lib/logger";
import { SandboxError } from "@/lib/tracker-sandbox/database";
import { matchApiRoute } from "@/lib/tracker-sandbox/http/api-routes";
import {
  json,
  notFoundProblem,
  parseJsonBody,
  property,
  readBody,
  writeReply,
  type Reply,
} from "@/lib/tracker-sandbox/http/respond";
import { toPascalCaseKeys } from "@/lib/tracker-sandbox/shapes";
import type { SandboxState } from "@/lib/tracker-sandbox/state";

const log = getLogger("tracker-sandbox");

const EXCHANGE_PATH = "/api/auth/exchangetoken";
const VERSIONED_PATH = /^\/api\/v(\d+)\/(.*)$/i;

type Caller = {
  database: string | null;
  /** Access token whose rate limit the request uses, when known. */
  rateKey: string | null;
};

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

function unauthorized(description: string): Reply {
  return {
    status: 401,
    text: "Unauthorized",
    headers: {
      "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description}"`,
    },
  };
}

function tooManyRequests(retryAfterSeconds: number, fault?: string): Reply {
  return {
    status: 429,
    text: `Too many requests. Retry after ${retryAfterSeconds} seconds.`,
    headers: { "Retry-After": String(retryAfterSeconds) },
    fault,
  };
}

function exchange(state: SandboxState, request: IncomingMessage, body: Buffer) {
  const parsed = parseJsonBody(
    request,
    body,
    state.settings.requireJsonContentType,
  );
  if (!parsed.ok) return parsed.reply;
  const accessToken = property(parsed.value, "bearerToken");
  if (typeof accessToken !== "string" || accessToken === "") {
    return unauthorized("bearerToken is missing");
  }
  const issued = state.exchangeToken(accessToken);
  if (!issued) return unauthorized("the access token is not valid");
  return json(200, { token: issued.token, expiration: issued.expiration });
}

function versioned(
  state: SandboxState,
  request: IncomingMessage,
  body: Buffer,
  version: number,
  rest: string,
): Reply {
  if (!state.settings.acceptedApiVersions.includes(version)) {
    return notFoundProblem();
  }
  const match = matchApiRoute(state, request.method ?? "GET", rest);
  if (match.kind === "notFound") return notFoundProblem();
  if (match.kind === "methodNotAllowed") return { status: 405 };

  const check = state.jwts.check(bearerToken(request), state.now());
  if (!check.ok) return unauthorized(`the token is ${check.reason}`);
  const database = state.database(check.session.databaseName);

  let parsedBody: unknown = undefined;
  if (match.route.needsBody) {
    const parsed = parseJsonBody(
      request,
      body,
      state.settings.requireJsonContentType,
    );
    if (!parsed.ok) return parsed.reply;
    parsedBody = parsed.value;
  }
  return match.route.handle({
    state,
    database,
    params: match.params,
    body: parsedBody,
  });
}

/** Finds the database and rate-limit key of a request, before routing. */
function identifyCaller(
  state: SandboxState,
  request: IncomingMessage,
  body: Buffer,
  isExchange: boolean,
): Caller {
  if (isExchange) {
    let accessToken: unknown;
    try {
      accessToken = property(JSON.parse(body.toString("utf8")), "bearerToken");
    } catch {
      return { database: null, rateKey: null };
    }
    if (typeof accessToken !== "string") {
      return { database: null, rateKey: null };
    }
    const database = state.databaseByAccessToken(accessToken);
    return database
      ? { database: database.name, rateKey: accessToken }
      : { database: null, rateKey: null };
  }
  const session = state.jwts.peek(bearerToken(request));
  return session
    ? { database: session.databaseName, rateKey: session.accessToken }
    : { database: null, rateKey: null };
}

/**
 * Handles one `/api` request: injected faults first, then the rate limit,
 * routing, the JWT check and the route itself. Every request lands in the
 * request log, with status 0 when the connection was dropped.
 */
export async function handleApiRequest(
  state: SandboxState,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const arrivedAt = state.now();
  const started = performance.now();
  const lowerPath = path.toLowerCase().replace(/\/+$/, "");
  const isExchange = lowerPath === EXCHANGE_PATH;
  let caller: Caller = { database: null, rateKey: null };

  const record = (status: number, fault: string | null) => {
    state.requests.add({
      time: new Date(arrivedAt).toISOString(),
      method: request.method ?? "GET",
      path: request.url ?? path,
      status,
      // Kept to 0.01 ms, because most replies take under 1 ms, which whole
      // milliseconds would round to 0 or 1.
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      database: caller.database,
      fault,
    });
  };
  const drop = (fault: string) => {
    record(0, fault);
    log.debug({ path, fault }, "sandbox dropped a connection");
    request.socket.destroy();
  };

  let reply: Reply;
  let slowFault: string | null = null;
  try {
    const body = await readBody(request, state.settings.maxBodyBytes);
    caller = identifyCaller(state, request, body, isExchange);

    if (state.faults.consume("resetConnections")) return drop("reset");
    if (state.faults.consume("slowReplies")) {
      slowFault = "slow";
      await sleep(state.faults.current.slowReplyMs);
    }
    reply = respond(state, request, body, lowerPath, isExchange, caller);
  } catch (error) {
    reply = errorReply(error, path);
  }

  if (reply.wrote && state.faults.consume("dropAfterWrite")) {
    return drop("dropAfterWrite");
  }
  if (state.settings.responseKeyCasing === "PascalCase") {
    reply = { ...reply, body: toPascalCaseKeys(reply.body) };
  }
  // Recorded after the reply is serialized and handed to the socket, so
  // the logged time covers the sandbox's whole work on the request.
  writeReply(response, reply);
  record(reply.status, reply.fault ?? slowFault);
}

function respond(
  state: SandboxState,
  request: IncomingMessage,
  body: Buffer,
  lowerPath: string,
  isExchange: boolean,
  caller: Caller,
): Reply {
  if (state.faults.consume("rateLimitStorm")) {
    return tooManyRequests(state.settings.stormRetryAfterSeconds, "storm");
  }
  if (state.faults.consume("serverErrors")) {
    const status = state.faults.current.serverErrorStatus;
    return {
      status,
      body: {
        title: "An error occurred while processing your request.",
        status,
      },
      fault: "serverError",
    };
  }
  if (caller.rateKey) {
    const decision = state.rateLimiter.take(
      caller.rateKey,
      state.now(),
      state.settings,
    );
    if (!decision.allowed) return tooManyRequests(decision.retryAfterSeconds);
  }

  if (isExchange) {
    return request.method === "POST"
      ? exchange(state, request, body)
      : { status: 405 };
  }
  const match = VERSIONED_PATH.exec(lowerPath);
  if (!match) return notFoundProblem();
  return versioned(state, request, body, Number(match[1]), match[2]!);
}

function errorReply(error: unknown, path: string): Reply {
  if (error instanceof SandboxError) {
    log.warn(
      { path, status: error.status, error: error.message },
      "sandbox request rejected",
    );
    return json(error.status, { title: error.message, status: error.status });
  }
  log.error({ err: error, path }, "sandbox request failed");
  return json(500, { title: "Internal sandbox error", status: 500 });
}
