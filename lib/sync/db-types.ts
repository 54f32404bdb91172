import type { Db } from "@/db";

/** A drizzle transaction of the app's database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The database or a transaction on it. */
export type DbOrTx = Db | Tx;
