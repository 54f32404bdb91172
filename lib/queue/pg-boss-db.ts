import type { Database } from "@/db";

/**
 * Adapts the app's Database to the `db` option of pg-boss 10. pg-boss is
 * written against node-postgres, so it sends several statements in one
 * string (its schema migrations) and passes plain objects and arrays as
 * parameters. Neither driver's executeSql accepts both, so this converts
 * parameters the way node-postgres does and runs parameterless text with
 * PGlite's multi-statement exec.
 */
export type PgBossDb = {
  executeSql: (
    text: string,
    values?: unknown[],
  ) => Promise<{ rows: Record<string, unknown>[] }>;
};

type PgliteClient = {
  exec: (text: string) => Promise<{ rows: Record<string, unknown>[] }[]>;
};

export function createPgBossDb(database: Database): PgBossDb {
  return {
    executeSql: async (text, values) => {
      if (database.kind === "pglite" && (!values || values.length === 0)) {
        const client = (database.db as unknown as { $client: PgliteClient })
          .$client;
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return database.executeSql(text, (values ?? []).map(toParameter));
    },
  };
}

/** Converts one parameter to text, as node-postgres's prepareValue does. */
export function toParameter(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return toArrayLiteral(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function toArrayLiteral(values: unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (Array.isArray(item)) return toArrayLiteral(item);
    const text = String(toParameter(item));
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}
