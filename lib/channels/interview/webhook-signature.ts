import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signature of the interview completion webhook, in one header:
 * `X-Interview-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the
 * HMAC covers `${t}.${raw body}` under the shared secret. Signing the
 * timestamp with the body lets the receiver reject old deliveries.
 */
export const INTERVIEW_SIGNATURE_HEADER = "x-interview-signature";

// Deliveries older or further in the future than this are rejected.
export const REPLAY_WINDOW_SECONDS = 300;

export function signInterviewWebhook(
  secret: string,
  body: string,
  timestampSeconds: number,
): string {
  const digest = createHmac("sha256", secret)
    .update(`${timestampSeconds}.${body}`, "utf8")
    .digest("hex");
  return `t=${timestampSeconds},v1=${digest}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" | "stale" };

export function verifyInterviewWebhook(
  secret: string,
  header: string | null,
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing" };
  const parts = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) {
    return { ok: false, reason: "malformed" };
  }

  // The signature is checked before the clock, so a forged call is logged
  // as forged even when its timestamp is also old.
  const expected = Buffer.from(
    createHmac("sha256", secret)
      .update(`${timestamp}.${body}`, "utf8")
      .digest("hex"),
  );
  if (!timingSafeEqual(expected, Buffer.from(given))) {
    return { ok: false, reason: "mismatch" };
  }
  if (Math.abs(nowSeconds - timestamp) > REPLAY_WINDOW_SECONDS) {
    return { ok: false, reason: "stale" };
  }
  return { ok: true, timestamp };
}
