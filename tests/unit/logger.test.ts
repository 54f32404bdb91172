import { Writable } from "node:stream";

import { DrizzleQueryError } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";

import { errorMessage, REDACTED_PATHS, serializeError } from "@/lib/logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino(
    {
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError },
    },
    stream,
  );
  return { logger, lines };
}

describe("logger redaction", () => {
  it("blanks secrets at the top level", () => {
    const { logger, lines } = capture();
    logger.info({
      password: "pw-1",
      token: "tok-1",
      accessToken: "acc-1",
      bearerToken: "bear-1",
      authorization: "Bearer jwt-1",
    });
    const line = lines.join("");
    for (const secret of ["pw-1", "tok-1", "acc-1", "bear-1", "jwt-1"]) {
      expect(line).not.toContain(secret);
    }
  });

  it("blanks request headers and nested secrets", () => {
    const { logger, lines } = capture();
    logger.info({
      headers: { authorization: "Bearer jwt-2", cookie: "session=abc" },
      connection: { accessToken: "acc-2", jwt: "jwt-3" },
    });
    const line = lines.join("");
    expect(line).not.toContain("jwt-2");
    expect(line).not.toContain("session=abc");
    expect(line).not.toContain("acc-2");
    expect(line).not.toContain("jwt-3");
    expect(line).toContain("[redacted]");
  });
});

describe("logged errors", () => {
  const failed = new DrizzleQueryError(
    'insert into "candidates" ("email") values ($1)',
    ["omar@example.test"],
    new Error("new row violates check constraint"),
  );

  it("leave out failed query parameters", () => {
    const { logger, lines } = capture();
    logger.error({ err: failed }, "job failed");
    const line = lines.join("");
    expect(line).not.toContain("omar@example.test");
    expect(line).toContain('insert into \\"candidates\\"');
    expect(line).toContain("new row violates check constraint");
  });

  it("keep other errors whole", () => {
    expect(errorMessage(new Error("timed out"))).toBe("timed out");
    expect(errorMessage(failed)).not.toContain("omar@example.test");
  });
});
