import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { getEnv } from "@/lib/env";

/**
 * AES-256-GCM for secrets at rest (Tracker access tokens and JWTs).
 * The stored form is `v1.<keyId>.<iv>.<tag>.<ciphertext>` in base64url, so
 * a value written under an old key still decrypts after a new key becomes
 * current, as long as the old key stays in ENCRYPTION_KEYS.
 */

export class KeyringError extends Error {
  name = "KeyringError";
}

type Keyring = { currentId: string; keys: Map<string, Buffer> };

export function parseKeyring(raw: string, currentId?: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of raw.split(",").map((part) => part.trim())) {
    if (!entry) continue;
    const separator = entry.indexOf(":");
    const id = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), "base64");
    if (separator < 1 || !/^[A-Za-z0-9_-]+$/.test(id)) {
      throw new KeyringError(
        `ENCRYPTION_KEYS entry "${id || entry.slice(0, 8)}…" is invalid: ` +
          "write each key as keyid:base64key, separated by commas",
      );
    }
    if (key.length !== 32) {
      throw new KeyringError(
        `ENCRYPTION_KEYS key "${id}" decodes to ${key.length} bytes; ` +
          "it must be 32 bytes, for example from `openssl rand -base64 32`",
      );
    }
    keys.set(id, key);
  }
  const firstId = keys.keys().next().value;
  if (!firstId) {
    throw new KeyringError("ENCRYPTION_KEYS holds no key");
  }
  const chosen = currentId ?? firstId;
  if (!keys.has(chosen)) {
    throw new KeyringError(
      `ENCRYPTION_KEY_ID "${chosen}" is not one of the ids in ` +
        "ENCRYPTION_KEYS; add that key or pick an existing id",
    );
  }
  return { currentId: chosen, keys };
}

let cachedKeyring: Keyring | undefined;

function keyring(): Keyring {
  const env = getEnv();
  cachedKeyring ??= parseKeyring(env.ENCRYPTION_KEYS, env.ENCRYPTION_KEY_ID);
  return cachedKeyring;
}

export function encryptSecret(plain: string, ring = keyring()): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return ["v1", ring.currentId, iv, tag, body]
    .map((part) =>
      typeof part === "string" ? part : part.toString("base64url"),
    )
    .join(".");
}

export function decryptSecret(stored: string, ring = keyring()): string {
  const [version, keyId, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !keyId || !iv || !tag || body === undefined) {
    throw new KeyringError("stored secret has an unknown format");
  }
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new KeyringError(
      `stored secret was encrypted with key "${keyId}", which is not in ` +
        "ENCRYPTION_KEYS; add the old key back next to the new one",
    );
  }
  const decipher = createDecipheriv(
    "aes-256-gcm",
    key,
    Buffer.from(iv, "base64url"),
  );
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([
    decipher.update(Buffer.from(body, "base64url")),
    decipher.final(),
  ]).toString("utf8");
}

/** Key id a stored secret was written with, so a rotation job can find it. */
export function secretKeyId(stored: string): string | undefined {
  return stored.split(".")[1];
}
