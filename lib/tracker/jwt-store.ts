import { randomUUID } from "node:crypto";

import { and, eq, isNull, lt, or, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { trackerConnections } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

/**
 * Storage for a connection's JWT between requests, with a lock so that
 * only one caller at a time exchanges the access token. Tracker keeps one
 * live JWT per access token, so two callers exchanging at once would keep
 * killing each other's JWT.
 */
export type StoredJwt = { jwt: string; expiresAt: Date };

export interface JwtStore {
  read(): Promise<StoredJwt | undefined>;
  write(value: StoredJwt): Promise<void>;
  /**
   * Takes the exchange lock and returns its id for `unlock`, or undefined
   * when another caller holds it.
   */
  tryLock(): Promise<string | undefined>;
  unlock(lockId: string): Promise<void>;
}

// Covers one exchange at the default settings: up to 65 s waiting for a
// budget slot, then 4 attempts of 20 s plus backoff. A crashed holder
// blocks the connection at most this long.
export const LEASE_SECONDS = 180;

/**
 * Creates the store for the JWT kept encrypted on the tracker_connections
 * row, shared by every process. The lock is a lease on the same row, taken
 * by a conditional UPDATE. A lease is used instead of SELECT ... FOR UPDATE
 * because the lock is held across the HTTP exchange. On PGlite an open
 * transaction keeps the only connection busy, so every other query in the
 * process would wait that long.
 * NOTE: the JWT is kept per connection while the request budget is kept
 * per token. Two workspaces connected with one token revoke each other's
 * JWT, and a request that meets a second 401 after its own exchange fails
 * with TrackerAuthError as if the token were dead.
 */
export function createDatabaseJwtStore(db: Db, connectionId: string): JwtStore {
  const byId = eq(trackerConnections.id, connectionId);

  return {
    async read() {
      const [row] = await db
        .select({
          jwtEncrypted: trackerConnections.jwtEncrypted,
          jwtExpiresAt: trackerConnections.jwtExpiresAt,
        })
        .from(trackerConnections)
        .where(byId);
      if (!row?.jwtEncrypted || !row.jwtExpiresAt) return undefined;
      return {
        jwt: decryptSecret(row.jwtEncrypted),
        expiresAt: row.jwtExpiresAt,
      };
    },

    async write({ jwt, expiresAt }) {
      await db
        .update(trackerConnections)
        .set({ jwtEncrypted: encryptSecret(jwt), jwtExpiresAt: expiresAt })
        .where(byId);
    },

    async tryLock() {
      const holder = randomUUID();
      const taken = await db
        .update(trackerConnections)
        .set({
          exchangeLockHolder: holder,
          exchangeLockExpiresAt: sql`clock_timestamp()
            + make_interval(secs => ${LEASE_SECONDS})`,
        })
        .where(
          and(
            byId,
            or(
              isNull(trackerConnections.exchangeLockExpiresAt),
              lt(
                trackerConnections.exchangeLockExpiresAt,
                sql`clock_timestamp()`,
              ),
            ),
          ),
        )
        .returning({ id: trackerConnections.id });
      return taken.length > 0 ? holder : undefined;
    },

    async unlock(holder) {
      await db
        .update(trackerConnections)
        .set({ exchangeLockHolder: null, exchangeLockExpiresAt: null })
        .where(and(byId, eq(trackerConnections.exchangeLockHolder, holder)));
    },
  };
}

/** Creates a JWT store in this process only, for the live check. */
export function createMemoryJwtStore(): JwtStore {
  let stored: StoredJwt | undefined;
  let locked = false;

  return {
    read: async () => stored,
    write: async (value) => {
      stored = value;
    },
    tryLock: async () => {
      if (locked) return undefined;
      locked = true;
      return "memory";
    },
    unlock: async () => {
      locked = false;
    },
  };
}
