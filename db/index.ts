import { accessSync, constants, mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

import * as schema from "@/db/schema";
import { getEnv } from "@/lib/env";

/**
 * The app's database: PGlite in a local folder when DATABASE_URL is unset,
 * otherwise a Postgres server through postgres.js. Both expose the same
 * drizzle query builder, typed as the postgres.js flavour.
 */
export type Db = PostgresJsDatabase<typeof schema>;

/** Runs raw SQL with positional parameters; pg-boss takes this shape. */
export type ExecuteSql = (
  text: string,
  values?: unknown[],
) => Promise<{ rows: Record<string, unknown>[] }>;

export type Database = {
  kind: "pglite" | "postgres";
  db: Db;
  executeSql: ExecuteSql;
  migrate: () => Promise<void>;
  close: () => Promise<void>;
  /** Where the data lives, with any password removed. */
  location: string;
};

export class DatabaseStartError extends Error {
  name = "DatabaseStartError";
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function ensureWritableFolder(dataDir: string) {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DatabaseStartError(
      `PGLITE_DATA_DIR "${dataDir}" is not writable (${reason}). ` +
        "Point PGLITE_DATA_DIR at a folder this user can write, fix the " +
        "folder's permissions, or set DATABASE_URL to use a Postgres server.",
    );
  }
}

export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) ensureWritableFolder(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    throw new DatabaseStartError(
      `PGlite could not open "${dataDir ?? "memory"}": ${String(error)}. ` +
        "If another process (a dev server or a script) has it open, stop " +
        "that process first; PGlite allows one process per folder.",
    );
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    location: dataDir ? path.resolve(dataDir) : "memory",
    executeSql: async (text, values) => {
      const result = await client.query<Record<string, unknown>>(
        text,
        values as unknown[],
      );
      return { rows: result.rows };
    },
    migrate: async () => {
      await migratePglite(drizzlePglite({ client }), {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    },
    close: () => client.close(),
  };
}

export async function openPostgres(
  url: string,
  options: { max?: number } = {},
): Promise<Database> {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 10,
    onnotice: () => {},
  });
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseStartError(
      `Cannot connect to the database at DATABASE_URL ` +
        `${redactUrl(url)}: ${(error as Error).message}. Check that the ` +
        "server is running and that the host, port, user and database " +
        "name are right, or unset DATABASE_URL to use embedded PGlite.",
    );
  }
  const db = drizzlePostgres({ client: sql, schema });
  return {
    kind: "postgres",
    db,
    location: redactUrl(url),
    executeSql: async (text, values) => {
      const rows = await sql.unsafe(text, (values ?? []) as never[]);
      return { rows: rows as unknown as Record<string, unknown>[] };
    },
    migrate: async () => {
      await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Opens the database the environment names, without migrating it. */
export function openConfiguredDatabase(): Promise<Database> {
  const env = getEnv();
  return env.DATABASE_URL
    ? openPostgres(env.DATABASE_URL)
    : openPglite(env.PGLITE_DATA_DIR);
}

// Cached on globalThis so dev-server hot reloads reuse one pool, and so
// PGlite's single-process folder is opened once.
const globalForDb = globalThis as unknown as {
  relayDatabase?: Promise<Database>;
};

/** The process-wide database, migrated on first use. */
export function getDatabase(): Promise<Database> {
  globalForDb.relayDatabase ??= (async () => {
    const database = await openConfiguredDatabase();
    await database.migrate();
    return database;
  })().catch((error) => {
    globalForDb.relayDatabase = undefined;
    throw error;
  });
  return globalForDb.relayDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Replaces the process-wide database; tests use it to inject their own. */
export function setDatabase(database: Database | undefined) {
  globalForDb.relayDatabase = database ? Promise.resolve(database) : undefined;
}
