import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { DatabaseStartError, openPglite, openPostgres } from "@/db";

describe("database start errors", () => {
  it("names an unreachable DATABASE_URL and hides its password", async () => {
    const url = "postgres://relay:hunter2@127.0.0.1:1/relay";
    const error = await openPostgres(url).catch((caught) => caught);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect(error.message).toContain("Cannot connect to the database at");
    expect(error.message).toContain("127.0.0.1:1");
    expect(error.message).toContain("unset DATABASE_URL");
    expect(error.message).not.toContain("hunter2");
  });

  it("names an unwritable PGlite folder and the fix", async () => {
    // A folder below a regular file cannot be created, even by root.
    const file = path.join(tmpdir(), `relay-not-a-folder-${process.pid}`);
    writeFileSync(file, "");
    const dataDir = path.join(file, "pglite");
    const error = await openPglite(dataDir).catch((caught) => caught);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect(error.message).toContain(`PGLITE_DATA_DIR "${dataDir}"`);
    expect(error.message).toContain("not writable");
  });
});
