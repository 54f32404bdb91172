import { z } from "zod";

/**
 * The one place that reads process.env. Every other module calls getEnv(),
 * so a missing or invalid variable fails at start with a message naming it.
 */

const DEV_AUTH_SECRET = "dev-only-secret-do-not-use-in-production-0000";
// 32 zero bytes: a development key so the demo runs with no set-up. A
// production start without ENCRYPTION_KEYS is rejected below.
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32).toString("base64")}`;

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const positiveInt = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().positive().default(fallback),
  );

const schema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"])
      .default("development"),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, {
          message:
            "must start with postgres:// or postgresql://, for example " +
            "postgres://user:password@127.0.0.1:5432/tracker_relay; " +
            "unset it to use the embedded PGlite database",
        })
        .optional(),
    ),
    PGLITE_DATA_DIR: z.preprocess(
      emptyToUndefined,
      z.string().default(".data/pglite"),
    ),
    AUTH_SECRET: optionalString,
    AUTH_URL: optionalString,
    OIDC_ISSUER: z.preprocess(emptyToUndefined, z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_DISPLAY_NAME: z.preprocess(
      emptyToUndefined,
      z.string().default("Single sign-on"),
    ),
    APP_URL: z.preprocess(
      emptyToUndefined,
      z.url().default("http://localhost:3000"),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
        .default("info"),
    ),
    ENCRYPTION_KEYS: optionalString,
    ENCRYPTION_KEY_ID: optionalString,
    CRON_SECRET: optionalString,
    TRACKER_SANDBOX_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    TRACKER_SANDBOX_PORT: positiveInt(4010),
    TRACKER_REQUEST_TIMEOUT_MS: positiveInt(20_000),
    SIGNIN_MAX_FAILURES: positiveInt(5),
    SIGNIN_MAX_FAILURES_PER_IP: positiveInt(50),
    SIGNIN_LOCK_MINUTES: positiveInt(15),
    DISABLE_SCHEDULER: z.preprocess(
      emptyToUndefined,
      z.enum(["0", "1", "true", "false"]).default("0"),
    ),
    // Port this server listens on; Next.js sets it when the server starts.
    // The embedded scheduler calls the cron routes on it.
    PORT: positiveInt(3000),
    // Vercel sets VERCEL=1. The embedded scheduler stays off there, because
    // Vercel Cron calls the cron routes.
    VERCEL: optionalString,
    // Channels. Unset SMTP, Twilio or engine settings select the
    // development transport for that channel.
    SMTP_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^smtps?:\/\//, {
          message:
            "must start with smtp:// or smtps://, for example " +
            "smtps://user:password@smtp.example.com:465",
        })
        .optional(),
    ),
    MAIL_FROM: z.preprocess(
      emptyToUndefined,
      z.string().default("Tracker Relay <no-reply@localhost>"),
    ),
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM: optionalString,
    TWILIO_API_URL: z.preprocess(
      emptyToUndefined,
      z.url().default("https://api.twilio.com"),
    ),
    INTERVIEW_ENGINE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    INTERVIEW_ENGINE_API_KEY: optionalString,
    INTERVIEW_WEBHOOK_SECRET: optionalString,
    DEV_TOOLS: z.preprocess(
      emptyToUndefined,
      z.enum(["0", "1", "true", "false"]).optional(),
    ),
    // Set by Next.js while `next build` runs; production secrets are only
    // checked when the server starts, so a build needs none of them.
    NEXT_PHASE: optionalString,
  })
  .superRefine((env, ctx) => {
    const production =
      env.NODE_ENV === "production" &&
      env.NEXT_PHASE !== "phase-production-build";
    if (production && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "is required in production; generate one with " +
          "`openssl rand -base64 32` and set it in the environment",
      });
    }
    if (env.AUTH_SECRET && env.AUTH_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message:
          "must be at least 32 characters; use `openssl rand -base64 32`",
      });
    }
    if (production && !env.ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: "custom",
        path: ["ENCRYPTION_KEYS"],
        message:
          "is required in production; set it to keyid:base64key, for " +
          "example k1:$(openssl rand -base64 32)",
      });
    }
    const twilio = [
      env.TWILIO_ACCOUNT_SID,
      env.TWILIO_AUTH_TOKEN,
      env.TWILIO_FROM,
    ];
    const twilioSet = twilio.filter(Boolean).length;
    if (twilioSet > 0 && twilioSet < 3) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_ACCOUNT_SID"],
        message:
          "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be " +
          "set together or not at all",
      });
    }
    if (env.INTERVIEW_ENGINE_URL && !env.INTERVIEW_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["INTERVIEW_WEBHOOK_SECRET"],
        message:
          "is required when INTERVIEW_ENGINE_URL is set; use the secret " +
          "the engine signs its completion webhooks with",
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    const oidcSet = oidc.filter(Boolean).length;
    if (oidcSet > 0 && oidcSet < 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message:
          "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set " +
          "together or not at all",
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  AUTH_SECRET: string;
  ENCRYPTION_KEYS: string;
  oidcEnabled: boolean;
  schedulerEnabled: boolean;
  devToolsEnabled: boolean;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      "Invalid environment:\n" +
        problems.map((line) => `  - ${line}`).join("\n") +
        "\nSee .env.example for every variable and its default.",
    );
    this.name = "EnvError";
  }
}

/** Validates a set of variables; exported so tests can pass their own. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".") || "environment";
        return `${name} ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  return {
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? DEV_AUTH_SECRET,
    ENCRYPTION_KEYS: env.ENCRYPTION_KEYS ?? DEV_ENCRYPTION_KEYS,
    oidcEnabled: Boolean(env.OIDC_ISSUER),
    schedulerEnabled: !["1", "true"].includes(env.DISABLE_SCHEDULER),
    // Dev pages are on outside production unless DEV_TOOLS turns them off,
    // and on in production only when DEV_TOOLS turns them on.
    devToolsEnabled: env.DEV_TOOLS
      ? ["1", "true"].includes(env.DEV_TOOLS)
      : env.NODE_ENV !== "production",
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
