import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Twilio's request signature (X-Twilio-Signature): the full URL Twilio
 * called, followed by each POST parameter's name and value with the
 * parameters sorted by name, signed with HMAC-SHA1 under the account's
 * auth token and base64-encoded. Described in Twilio's "Webhooks security"
 * docs, https://www.twilio.com/docs/usage/security#validating-requests.
 */
export function computeTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  const names = Object.keys(params).sort();
  let data = url;
  for (const name of names) data += name + params[name];
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** Compares in constant time; a missing header never matches. */
export function verifyTwilioSignature(
  authToken: string,
  signature: string | null,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(computeTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
