import { getDb } from "@/db";
import { receiveInterviewWebhook } from "@/lib/channels/interview/completion-webhook";
import { getLogger } from "@/lib/logger";

/**
 * POST /api/webhooks/interview: the interview engine's completion event,
 * signed with INTERVIEW_WEBHOOK_SECRET (see webhook-signature.ts).
 */
export async function POST(request: Request) {
  try {
    const result = await receiveInterviewWebhook(await getDb(), request);
    return Response.json(result.body, { status: result.status });
  } catch (error) {
    getLogger("webhooks:interview").error(
      { err: error },
      "interview webhook failed",
    );
    return Response.json(
      { error: "The event could not be handled; retry it later." },
      { status: 500 },
    );
  }
}
