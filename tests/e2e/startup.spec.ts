import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test } from "@playwright/test";

/**
 * Starts the production build with one bad setting and expects the server
 * to exit with a message naming the problem and the fix. Uses the build
 * that `npm run test:e2e` makes before Playwright runs.
 */
function startServer(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn("npx", ["next", "start", "--port", "3199"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        AUTH_SECRET: "startup-test-secret-startup-test-secret",
        ENCRYPTION_KEYS: `t:${Buffer.alloc(32, 3).toString("base64")}`,
        DATABASE_URL: "",
        PGLITE_DATA_DIR: path.join(tmpdir(), `relay-startup-${Date.now()}`),
        ...env,
      },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("server start with a bad setting", () => {
  test("wrong DATABASE_URL stops the server", async () => {
    const { code, output } = await startServer({
      DATABASE_URL: "postgres://postgres:pw@127.0.0.1:1/nowhere",
    });
    expect(code).toBe(1);
    expect(output).toContain("Cannot connect to the database at DATABASE_URL");
    expect(output).not.toContain(":pw@");
  });

  test("missing AUTH_SECRET in production stops the server", async () => {
    const { code, output } = await startServer({ AUTH_SECRET: "" });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET is required in production");
  });

  test("unwritable PGlite folder stops the server", async () => {
    const file = path.join(tmpdir(), `relay-file-${Date.now()}`);
    writeFileSync(file, "");
    const { code, output } = await startServer({
      PGLITE_DATA_DIR: path.join(file, "data"),
    });
    expect(code).toBe(1);
    expect(output).toContain("is not writable");
    expect(output).toContain("PGLITE_DATA_DIR");
  });
});
