import type { DbOrTx } from "@/lib/sync/db-types";

/** Sends text messages; Twilio in production, the simulated phone in dev. */
export interface SmsProvider {
  readonly kind: "twilio" | "simulated";
  // `db` is where the simulated phone keeps the message.
  send(
    message: { to: string; body: string },
    db: DbOrTx,
  ): Promise<{ messageId: string }>;
}

export class SmsSendError extends Error {
  name = "SmsSendError";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Normalizes a phone number to E.164 (+ and digits), the form Twilio
 * sends in From. Returns null for a value with too few or too many digits.
 * NOTE: a ten-digit number without a leading + is taken as North American.
 * Numbers of other countries need the + and the country code.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) {
    return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  }
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return null;
}
