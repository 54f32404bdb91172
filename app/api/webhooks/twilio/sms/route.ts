import { getDb } from "@/db";
import { getLogger } from "@/lib/logger";
import { receiveTwilioSms } from "@/lib/channels/sms/inbound-webhook";

/**
 * POST /api/webhooks/twilio/sms: Twilio's incoming-message webhook. It is
 * public, so every request must carry a valid X-Twilio-Signature.
 */
export async function POST(request: Request) {
  try {
    return await receiveTwilioSms(await getDb(), request);
  } catch (error) {
    getLogger("webhooks:twilio").error({ err: error }, "Twilio webhook failed");
    return Response.json(
      { error: "The message could not be handled; Twilio may retry." },
      { status: 500 },
    );
  }
}
