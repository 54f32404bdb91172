import { describe, expect, it } from "vitest";

import { isAuthorized } from "@/lib/cron/with-cron";
import { toParameter } from "@/lib/queue/pg-boss-db";

describe("isAuthorized", () => {
  const secret = "s3cret-value";

  it.each([
    [`Bearer ${secret}`, true],
    [`Bearer ${secret}x`, false],
    ["Bearer ", false],
    [secret, false],
    [`bearer ${secret}`, false],
    [null, false],
  ])("%s is %s", (header, expected) => {
    expect(isAuthorized(header, secret)).toBe(expected);
  });
});

describe("toParameter", () => {
  it("converts values as node-postgres does", () => {
    expect(toParameter(null)).toBeNull();
    expect(toParameter(5)).toBe("5");
    expect(toParameter({ a: 1 })).toBe('{"a":1}');
    expect(toParameter(["x", 'q"uote', null])).toBe('{"x","q\\"uote",NULL}');
    expect(toParameter(new Date("2026-01-02T03:04:05Z"))).toBe(
      "2026-01-02T03:04:05.000Z",
    );
  });
});
