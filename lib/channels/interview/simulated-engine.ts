import { randomBytes } from "node:crypto";

import { getEnv } from "@/lib/env";

import type { InterviewEngine } from "./interview-engine";

/**
 * Development engine: the session lives only in interview_sessions, and
 * the /dev/interviews page plays the candidate and posts the signed
 * completion webhook, like a real engine would.
 */
export function createSimulatedInterviewEngine(): InterviewEngine {
  return {
    kind: "simulator",
    async createSession() {
      const sessionId = `sim_${randomBytes(12).toString("hex")}`;
      const joinUrl = new URL(
        `/dev/interviews/${sessionId}`,
        getEnv().APP_URL,
      ).toString();
      return { sessionId, joinUrl };
    },
  };
}
