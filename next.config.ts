import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These packages load WASM, worker threads or native Postgres sockets at
  // run time, so they must stay plain Node modules instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@pdf-lib/fontkit",
    "mammoth",
    "pdf-lib",
    "unpdf",
    "pg-boss",
    "pino",
    "pino-pretty",
    "postgres",
  ],
  poweredByHeader: false,
  // The dev server logs each Server Function call with its arguments,
  // which would print access tokens and passwords from the forms.
  logging: { serverFunctions: false },
  // `npm run typecheck` checks the whole project (scripts and tests too)
  // and runs in `npm test`, so the build does not check a second time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
