import path from "node:path";

import { defineConfig } from "vitest/config";

/**
 * The fault suite (`npm run test:faults`): seeded random fault schedules
 * against the sync engine in one file that shares one database and one
 * sandbox across its runs.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Outside Next.js this package throws on import, so it points at an
      // empty module, as in vitest.config.ts.
      "server-only": path.resolve(
        import.meta.dirname,
        "tests/helpers/empty.ts",
      ),
    },
  },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
