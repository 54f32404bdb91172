import { randomUUID } from "node:crypto";

import { and, eq, isNull, lt, or, sql } from "drizzle-orm";

import type { Db } from "@/db";
import { trackerSessions } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

/**
 * Storage for an access token's JWT between requests, with a lock so that
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
// blocks the token at most this long.
export const LEASE_SECONDS = 180;

/**
 * Creates the store for the JWT of one access token (`tokenKey`, from
 * `budgetKeyFor`), kept encrypted in tracker_sessions and shared by every
 * connection and process using the token. The lock is a lease on the same
 * row, taken by a conditional upsert. A lease is used instead of SELECT
 * ... FOR UPDATE because the lock is held across the HTTP exchange. On
 * PGlite an open transaction keeps the only connection busy, so every
 * other query in the process would wait that long.
 */
export function createDatabaseJwtStore(db: Db, tokenKey: string): JwtStore {
  const byKey = eq(trackerSessions.tokenKey, tokenKey);

  return {
    async read() {
      const [row] = await db
        .select({
          jwtEncrypted: trackerSessions.jwtEncrypted,
          jwtExpiresAt: trackerSessions.jwtExpiresAt,
        })
        .from(trackerSessions)
        .where(byKey);
      if (!row?.jwtEncrypted || !row.jwtExpiresAt) return undefined;
      return {
        jwt: decryptSecret(row.jwtEncrypted),
        expiresAt: row.jwtExpiresAt,
      };
    },

    async write({ jwt, expiresAt }) {
      const values = {
        jwtEncrypted: encryptSecret(jwt),
        jwtExpiresAt: expiresAt,
      };
      await db
        .insert(trackerSessions)
        .values({ tokenKey, ...values })
        .onConflictDoUpdate({ target: trackerSessions.tokenKey, set: values });
    },

    async tryLock() {
      const holder = randomUUID();
      const lease = {
        exchangeLockHolder: holder,
        exchangeLockExpiresAt: sql`clock_timestamp()
          + make_interval(secs => ${LEASE_SECONDS})`,
      };
      const taken = await db
        .insert(trackerSessions)
        .values({ tokenKey, ...lease })
        .onConflictDoUpdate({
          target: trackerSessions.tokenKey,
          set: lease,
          setWhere: or(
            isNull(trackerSessions.exchangeLockExpiresAt),
            lt(trackerSessions.exchangeLockExpiresAt, sql`clock_timestamp()`),
          ),
        })
        .returning({ tokenKey: trackerSessions.tokenKey });
      return taken.length > 0 ? holder : undefined;
    },

    async unlock(holder) {
      await db
        .update(trackerSessions)
        .set({ exchangeLockHolder: null, exchangeLockExpiresAt: null })
        .where(and(byKey, eq(trackerSessions.exchangeLockHolder, holder)));
    },
  };
}

/** Deletes the stored JWT of a token, as when its connection is removed. */
export async function forgetJwt(db: Db, tokenKey: string): Promise<void> {
  await db
    .delete(trackerSessions)
    .where(eq(trackerSessions.tokenKey, tokenKey));
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
