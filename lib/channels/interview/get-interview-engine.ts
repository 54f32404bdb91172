import { getEnv } from "@/lib/env";

import { createHttpInterviewEngine } from "./http-engine";
import type { InterviewEngine } from "./interview-engine";
import { createSimulatedInterviewEngine } from "./simulated-engine";

// Used only when INTERVIEW_WEBHOOK_SECRET is unset and no engine is
// configured, outside production or with DEV_TOOLS=1, so the simulator and
// the webhook agree on a key with no set-up. Forging a completion then
// still needs a simulator session id, which is 96 random bits.
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
 * Returns the completion webhook's shared secret. Null in production
 * without INTERVIEW_WEBHOOK_SECRET (unless the simulator is the engine and
 * DEV_TOOLS=1), which makes the webhook reject every call.
 */
export function getInterviewWebhookSecret(): string | null {
  const env = getEnv();
  if (env.INTERVIEW_WEBHOOK_SECRET) return env.INTERVIEW_WEBHOOK_SECRET;
  const simulatorOnly = !env.INTERVIEW_ENGINE_URL && env.devToolsEnabled;
  const development = env.NODE_ENV !== "production";
  return development || simulatorOnly ? DEV_WEBHOOK_SECRET : null;
}
