import { createHash, randomBytes } from "node:crypto";

/**
 * Bearer tokens of candidate links (form invitations, report links). The
 * link carries the token and the database keeps only its SHA-256 hash, so
 * rows read from a backup or a log do not open anything.
 */

// 32 random bytes give 256 bits, far past guessing over the network.
const TOKEN_BYTES = 32;

export function createToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Rejects values that cannot be a token before they reach a query. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,200}$/.test(token);
}
