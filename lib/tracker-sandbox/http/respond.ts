import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { SandboxError } from "@/lib/tracker-sandbox/database";

/** Reply from a route handler, which the server then writes. */
export type Reply = {
  status: number;
  body?: unknown;
  /** Plain-text body, sent instead of JSON when set. */
  text?: string;
  headers?: Record<string, string>;
  /** True when the handler stored something (drop-after-write applies). */
  wrote?: boolean;
  /** Fault that shaped this reply, for the request log. */
  fault?: string;
};

export function json(status: number, body: unknown, wrote = false): Reply {
  return { status, body, wrote };
}

/** Reads the body, rejecting it with 413 once it passes `maxBytes`. */
export async function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      throw new SandboxError(413, `request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = "";
  if (reply.text !== undefined) {
    headers["Content-Type"] = "text/plain; charset=utf-8";
    payload = reply.text;
  } else if (reply.body !== undefined) {
    headers["Content-Type"] = "application/json; charset=utf-8";
    payload = JSON.stringify(reply.body);
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function traceId(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-00`;
}

/**
 * An ASP.NET Core validation problem (RFC 9457 problem details), the
 * shape Tracker's API framework returns for a 400.
 */
export function validationProblem(errors: Record<string, string[]>): Reply {
  return json(400, {
    type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    title: "One or more validation errors occurred.",
    status: 400,
    errors,
    traceId: traceId(),
  });
}

export function notFoundProblem(): Reply {
  return json(404, {
    type: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    title: "Not Found",
    status: 404,
    traceId: traceId(),
  });
}

export type ParsedJson =
  { ok: true; value: unknown } | { ok: false; reply: Reply };

/**
 * Parses a JSON request body the way ASP.NET Core model binding does:
 * 415 without a JSON content type (when required), 400 for bad JSON.
 */
export function parseJsonBody(
  request: IncomingMessage,
  body: Buffer,
  requireJsonContentType: boolean,
): ParsedJson {
  const contentType = request.headers["content-type"] ?? "";
  if (requireJsonContentType && !/[/+]json\b/i.test(contentType)) {
    return {
      ok: false,
      reply: json(415, {
        type: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        title: "Unsupported Media Type",
        status: 415,
        traceId: traceId(),
      }),
    };
  }
  const text = body.toString("utf8");
  if (text.trim() === "") {
    return {
      ok: false,
      reply: validationProblem({
        "": ["A non-empty request body is required."],
      }),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      reply: validationProblem({
        $: [
          `The JSON value could not be converted: ${(error as Error).message}`,
        ],
      }),
    };
  }
}

/**
 * Reads a property ignoring case, as System.Text.Json does for web
 * requests, so `BearerToken` and `bearerToken` bind alike.
 */
export function property(source: unknown, name: string): unknown {
  if (source === null || typeof source !== "object" || Array.isArray(source)) {
    return undefined;
  }
  const target = name.toLowerCase();
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() === target) return value;
  }
  return undefined;
}

/** Reads an integer property. Strings of digits also count, as in ASP.NET. */
export function integerProperty(source: unknown, name: string) {
  const value = property(source, name);
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

export function isLoopback(address: string | undefined): boolean {
  return (
    address === "127.0.0.1" ||
    address === "::1" ||
    address === "::ffff:127.0.0.1"
  );
}
