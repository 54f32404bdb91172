import { z } from "zod";

import { getLogger } from "@/lib/logger";

import { InterviewEngineError, type InterviewEngine } from "./interview-engine";

const log = getLogger("channels:interview-engine");

const createdSchema = z.object({
  id: z.string().min(1),
  joinUrl: z.url(),
});

/**
 * Creates sessions with `POST {baseUrl}/sessions` (JSON, bearer API key)
 * and expects `{ id, joinUrl }` back.
 * NOTE: this request shape is this app's own contract; an engine with a
 * different API needs an adapter that implements InterviewEngine.
 */
export function createHttpInterviewEngine(
  baseUrl: string,
  apiKey: string | undefined,
): InterviewEngine {
  const endpoint = new URL(
    "sessions",
    baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`,
  );
  return {
    kind: "http",
    async createSession(request) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
          },
          body: JSON.stringify({
            ...request,
            expiresAt: request.expiresAt.toISOString(),
          }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new InterviewEngineError(
          `The interview engine at ${endpoint.origin} did not respond: ` +
            `${(error as Error).message}`,
        );
      }
      if (!response.ok) {
        throw new InterviewEngineError(
          `The interview engine rejected the session with HTTP ${response.status}.`,
        );
      }
      const parsed = createdSchema.safeParse(
        await response.json().catch(() => null),
      );
      if (!parsed.success) {
        throw new InterviewEngineError(
          "The interview engine's reply has no id and joinUrl.",
        );
      }
      log.info(
        { sessionId: parsed.data.id, reference: request.reference },
        "interview session created",
      );
      return { sessionId: parsed.data.id, joinUrl: parsed.data.joinUrl };
    },
  };
}
