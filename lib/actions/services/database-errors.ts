/**
 * Tells whether a query failed on a unique index. Drizzle wraps driver
 * errors in DrizzleQueryError, so the Postgres error is read from `cause`;
 * postgres.js names the index in `constraint_name`, PGlite in `constraint`.
 */
export function isUniqueViolation(error: unknown, indexName: string): boolean {
  for (const candidate of [error, (error as { cause?: unknown })?.cause]) {
    const fields = candidate as {
      code?: string;
      constraint_name?: string;
      constraint?: string;
    } | null;
    if (fields?.code !== "23505") continue;
    const name = fields.constraint_name ?? fields.constraint;
    if (name === indexName) return true;
  }
  return false;
}
