import { describe, expect, it } from "vitest";

import { EnvError, parseEnv } from "@/lib/env";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("applies defaults for a bare development start", () => {
    const env = parseEnv({});
    expect(env.PGLITE_DATA_DIR).toBe(".data/pglite");
    expect(env.TRACKER_SANDBOX_PORT).toBe(4010);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("requires AUTH_SECRET in production", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      ENCRYPTION_KEYS: "k1:" + Buffer.alloc(32).toString("base64"),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^AUTH_SECRET is required in production/);
    expect(problems[0]).toContain("openssl rand -base64 32");
  });

  it("needs no production secrets during a build", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      NEXT_PHASE: "phase-production-build",
    });
    expect(problems).toEqual([]);
  });

  it("requires ENCRYPTION_KEYS in production", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
    });
    expect(problems[0]).toMatch(/^ENCRYPTION_KEYS is required/);
  });

  it("rejects a DATABASE_URL that is not postgres", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://localhost/db" });
    expect(problems[0]).toMatch(/^DATABASE_URL must start with postgres:\/\//);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("rejects a partial OIDC set-up", () => {
    const problems = problemsOf({ OIDC_ISSUER: "https://id.example.test" });
    expect(problems[0]).toContain("must be set together");
  });

  it("enables OIDC when all three are set", () => {
    const env = parseEnv({
      OIDC_ISSUER: "https://id.example.test",
      OIDC_CLIENT_ID: "relay",
      OIDC_CLIENT_SECRET: "s3cret",
    });
    expect(env.oidcEnabled).toBe(true);
  });

  it("names a non-numeric port", () => {
    const problems = problemsOf({ TRACKER_SANDBOX_PORT: "abc" });
    expect(problems[0]).toMatch(/^TRACKER_SANDBOX_PORT/);
  });
});
