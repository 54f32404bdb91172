import { getEnv } from "@/lib/env";

import { createHttpInterviewEngine } from "./http-engine";
import type { InterviewEngine } from "./interview-engine";
import { createSimulatedInterviewEngine } from "./simulated-engine";

// Used only outside production when INTERVIEW_WEBHOOK_SECRET is unset, so
// the simulator and the webhook agree on a key with no set-up.
const DEV_WEBHOOK_SECRET = "dev-interview-webhook-secret-not-for-production";

let cached: InterviewEngine | undefined;

/** Returns the HTTP engine when INTERVIEW_ENGINE_URL is set, else the simulator. */
export function getInterviewEngine(): InterviewEngine {
  if (cached) return cached;
  const env = getEnv();
  cached = env.INTERVIEW_ENGINE_URL
    ? createHttpInterviewEngine(
        env.INTERVIEW_ENGINE_URL,
        env.INTERVIEW_ENGINE_API_KEY,
      )
    : createSimulatedInterviewEngine();
  return cached;
}

/**
 * Returns the completion webhook's shared secret: null in production without
 * INTERVIEW_WEBHOOK_SECRET, which makes the webhook reject every call.
 */
export function getInterviewWebhookSecret(): string | null {
  const env = getEnv();
  if (env.INTERVIEW_WEBHOOK_SECRET) return env.INTERVIEW_WEBHOOK_SECRET;
  return env.NODE_ENV === "production" ? null : DEV_WEBHOOK_SECRET;
}
