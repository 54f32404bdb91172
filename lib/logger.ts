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

function createLogger(): Logger {
  const env = getEnv();
  const pretty = env.NODE_ENV === "development";
  return pino({
    level: env.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
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
