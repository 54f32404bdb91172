import type { Db } from "@/db";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

import {
  claimWebhookEvent,
  recordRejectedWebhook,
  releaseWebhookEvent,
} from "../webhook-log";
import { handleInboundSms } from "./conversation";
import { verifyTwilioSignature } from "./twilio-signature";

const log = getLogger("webhooks:twilio");

// Empty TwiML: replies go out through the REST API, like every other text.
const EMPTY_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export const TWILIO_SMS_WEBHOOK_PATH = "/api/webhooks/twilio/sms";

/**
 * Verifies and handles one incoming-message webhook from Twilio. The URL
 * that is signed is rebuilt from APP_URL, because behind a proxy or load
 * balancer the request's own URL differs from the one Twilio called.
 */
export async function receiveTwilioSms(
  db: Db,
  request: Request,
): Promise<Response> {
  const env = getEnv();
  if (!env.TWILIO_AUTH_TOKEN) {
    log.error(
      "Twilio webhook called but TWILIO_AUTH_TOKEN is not set, so it " +
        "cannot be verified; set the Twilio settings or remove the webhook",
    );
    return Response.json(
      { error: "SMS webhooks are not configured." },
      { status: 503 },
    );
  }

  const params = Object.fromEntries(
    new URLSearchParams(await request.text()).entries(),
  );
  const requestUrl = new URL(request.url);
  const signedUrl = new URL(
    requestUrl.pathname + requestUrl.search,
    env.APP_URL,
  ).toString();
  const signature = request.headers.get("x-twilio-signature");
  const messageSid = params.MessageSid ?? null;

  if (
    !verifyTwilioSignature(env.TWILIO_AUTH_TOKEN, signature, signedUrl, params)
  ) {
    const reason = signature ? "signature mismatch" : "signature missing";
    log.warn({ messageSid, reason }, "Twilio webhook rejected");
    await recordRejectedWebhook(
      db,
      "twilio",
      "bad_signature",
      messageSid,
      reason,
    );
    return Response.json(
      { error: "The X-Twilio-Signature header is missing or invalid." },
      { status: 403 },
    );
  }

  if (!messageSid || params.From === undefined || params.Body === undefined) {
    await recordRejectedWebhook(db, "twilio", "invalid", messageSid, "fields");
    return Response.json(
      { error: "MessageSid, From and Body are required." },
      { status: 400 },
    );
  }

  if (!(await claimWebhookEvent(db, "twilio", messageSid))) {
    // Twilio retries on timeouts; the first delivery was handled already.
    log.warn({ messageSid }, "repeated Twilio message ignored");
    await recordRejectedWebhook(db, "twilio", "replayed", messageSid, "repeat");
    return twiml();
  }

  let outcome;
  try {
    outcome = await handleInboundSms(db, {
      from: params.From,
      body: params.Body,
    });
  } catch (error) {
    await releaseWebhookEvent(db, "twilio", messageSid);
    throw error;
  }
  log.info({ messageSid, outcome }, "Twilio message handled");
  return twiml();
}

function twiml(): Response {
  return new Response(EMPTY_TWIML, {
    status: 200,
    headers: { "content-type": "text/xml; charset=utf-8" },
  });
}
