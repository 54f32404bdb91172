import { DrizzleQueryError } from "drizzle-orm";
import pino, { type Logger } from "pino";

import { getEnv } from "@/lib/env";

/**
 * Paths pino blanks out before a line is written. Any object logged with
 * one of these keys, at the top level or one level down, loses its value.
 */
export const REDACTED_PATHS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "password",
  "token",
  "accessToken",
  "access_token",
  "bearerToken",
  "jwt",
  "secret",
  "apiKey",
  "headers.authorization",
  "headers.Authorization",
  "headers.cookie",
  "headers.Cookie",
  "*.authorization",
  "*.Authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.accessToken",
  "*.access_token",
  "*.bearerToken",
  "*.jwt",
  "*.secret",
  "*.apiKey",
  "req.headers.authorization",
  "req.headers.cookie",
];

/**
 * Serializes errors as pino does by default, but without the parameters of
 * a failed drizzle query, which can hold candidate data or password hashes.
 * The query text has placeholders only, so it stays.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as Record<string, unknown>;
  if (!(error instanceof DrizzleQueryError)) return serialized;
  const { params: _params, ...rest } = serialized;
  const message = errorMessage(error);
  // The stack starts with the full message, parameters included.
  const stack =
    typeof rest.stack === "string"
      ? rest.stack.replace(error.message, message)
      : rest.stack;
  return { ...rest, message, stack };
}

/** Returns an error's message, without a failed query's parameters. */
export function errorMessage(error: unknown): string {
  if (error instanceof DrizzleQueryError) {
    return error.message.split("\nparams:")[0]!;
  }
  return error instanceof Error ? error.message : String(error);
}

function createLogger(): Logger {
  const env = getEnv();
  const pretty = env.NODE_ENV === "development";
  return pino({
    level: env.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: { err: serializeError },
    base: { app: "tracker-relay" },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" },
          },
        }
      : {}),
  });
}

const globalForLogger = globalThis as unknown as { relayLogger?: Logger };

export function getLogger(module?: string): Logger {
  globalForLogger.relayLogger ??= createLogger();
  const root = globalForLogger.relayLogger;
  return module ? root.child({ module }) : root;
}
