import { describe, expect, it } from "vitest";

import {
  KeyringError,
  decryptSecret,
  encryptSecret,
  parseKeyring,
  secretKeyId,
} from "@/lib/crypto";

const keyA = Buffer.alloc(32, 1).toString("base64");
const keyB = Buffer.alloc(32, 2).toString("base64");

describe("secret encryption", () => {
  it("round-trips and hides the plain text", () => {
    const ring = parseKeyring(`a:${keyA}`);
    const stored = encryptSecret("0123456789abcdef", ring);
    expect(stored).not.toContain("0123456789abcdef");
    expect(decryptSecret(stored, ring)).toBe("0123456789abcdef");
  });

  it("decrypts an old key's secret after rotation", () => {
    const old = parseKeyring(`a:${keyA}`);
    const stored = encryptSecret("token-under-a", old);
    const rotated = parseKeyring(`b:${keyB},a:${keyA}`, "b");
    expect(decryptSecret(stored, rotated)).toBe("token-under-a");
    expect(secretKeyId(encryptSecret("new", rotated))).toBe("b");
  });

  it("names the missing key id", () => {
    const stored = encryptSecret("x", parseKeyring(`a:${keyA}`));
    expect(() => decryptSecret(stored, parseKeyring(`b:${keyB}`))).toThrow(
      /key "a", which is not in ENCRYPTION_KEYS/,
    );
  });

  it("rejects tampered ciphertext", () => {
    const ring = parseKeyring(`a:${keyA}`);
    const parts = encryptSecret("value", ring).split(".");
    parts[4] = Buffer.from("other").toString("base64url");
    expect(() => decryptSecret(parts.join("."), ring)).toThrow();
  });

  it("rejects a short key with its length", () => {
    expect(() =>
      parseKeyring(`a:${Buffer.alloc(16).toString("base64")}`),
    ).toThrow(KeyringError);
    expect(() =>
      parseKeyring(`a:${Buffer.alloc(16).toString("base64")}`),
    ).toThrow(/16 bytes/);
  });

  it("rejects an unknown current key id", () => {
    expect(() => parseKeyring(`a:${keyA}`, "zz")).toThrow(
      /ENCRYPTION_KEY_ID "zz"/,
    );
  });
});
