import { randomBytes } from "node:crypto";

import postgres from "postgres";

import { openPglite, openPostgres, setDatabase, type Database } from "@/db";

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by
 * default, or a new database on the server in TEST_DATABASE_URL. Each call
 * gets its own, so tests never see each other's rows.
 */
export type TestDatabase = Database & { drop: () => Promise<void> };

/**
 * Throws unless `url` names a Postgres server on this machine, because the
 * tests and the e2e server create and drop databases on it.
 */
export function assertLocal(url: URL) {
  const localHosts = ["127.0.0.1", "localhost", "::1", "[::1]", ""];
  if (!localHosts.includes(url.hostname)) {
    throw new Error(
      `TEST_DATABASE_URL points at ${url.hostname}; tests create and drop ` +
        "databases, so they only run against a server on this machine",
    );
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openPglite();
    await database.migrate();
    return { ...database, drop: () => database.close() };
  }

  const url = new URL(serverUrl);
  assertLocal(url);
  const name = `relay_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  url.pathname = `/${name}`;

  const database = await openPostgres(url.toString(), { max: 5 });
  await database.migrate();
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Creates a test database and makes it the app's process-wide database. */
export async function useTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  setDatabase(database);
  return database;
}
