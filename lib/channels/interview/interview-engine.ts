/**
 * A service that runs a voice interview with the candidate and posts a
 * signed completion webhook to APP_URL/api/webhooks/interview.
 */
export type InterviewRequest = {
  // Our invitation id; the engine echoes it so support can match records.
  reference: string;
  candidate: { name: string; email: string | null; phone: string | null };
  jobTitle: string;
  questions: { id: string; prompt: string }[];
  webhookUrl: string;
  expiresAt: Date;
};

export type InterviewSessionCreated = { sessionId: string; joinUrl: string };

export interface InterviewEngine {
  readonly kind: "http" | "simulator";
  createSession(request: InterviewRequest): Promise<InterviewSessionCreated>;
}

export class InterviewEngineError extends Error {
  name = "InterviewEngineError";
}
