import { getLogger } from "@/lib/logger";
import { parseRetryAfter } from "@/lib/tracker/retry";

import { SmsSendError, type SmsProvider } from "./sms-provider";

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  from: string;
  // https://api.twilio.com, or a local server in tests.
  apiUrl: string;
};

const log = getLogger("channels:twilio");

const MAX_ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;

type TwilioError = { code?: number; message?: string };

/**
 * Sends SMS through Twilio's Messages resource (REST API 2010-04-01) with
 * HTTP basic auth of the account SID and auth token. A 429 or 5xx is
 * retried twice, after Retry-After when Twilio sends one.
 */
export function createTwilioProvider(settings: TwilioSettings): SmsProvider {
  const endpoint = new URL(
    `/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`,
    settings.apiUrl,
  );
  const authorization =
    "Basic " +
    Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString(
      "base64",
    );

  async function post(to: string, body: string): Promise<Response> {
    return fetch(endpoint, {
      method: "POST",
      headers: {
        authorization,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ To: to, From: settings.from, Body: body }),
      signal: AbortSignal.timeout(15_000),
    });
  }

  return {
    kind: "twilio",
    async send({ to, body }) {
      for (let attempt = 1; ; attempt++) {
        let response: Response;
        try {
          response = await post(to, body);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS) {
            throw new SmsSendError(
              `Twilio request failed: ${(error as Error).message}`,
              true,
            );
          }
          await wait(500 * attempt);
          continue;
        }

        if (response.ok) {
          const json = (await response.json()) as { sid?: string };
          log.info({ messageSid: json.sid }, "SMS sent through Twilio");
          return { messageId: json.sid ?? "unknown" };
        }

        const retryable = response.status === 429 || response.status >= 500;
        const detail = (await response.json().catch(() => ({}))) as TwilioError;
        if (retryable && attempt < MAX_ATTEMPTS) {
          const delay = parseRetryAfter(response.headers.get("retry-after"));
          log.warn(
            { status: response.status, attempt },
            "Twilio send failed; retrying",
          );
          await wait(Math.min(delay ?? 1000 * attempt, MAX_WAIT_MS));
          continue;
        }
        throw new SmsSendError(
          `Twilio rejected the message with HTTP ${response.status}` +
            (detail.code ? ` (error ${detail.code})` : "") +
            (detail.message ? `: ${detail.message}` : ""),
          retryable,
        );
      }
    },
  };
}

function wait(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
