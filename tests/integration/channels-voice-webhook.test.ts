import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST } from "@/app/api/webhooks/interview/route";
import {
  interviewSessions,
  invitations,
  outboxMessages,
  screenings,
  webhookEvents,
} from "@/db/schema";
import { createDemoScreening } from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import { getInterviewWebhookSecret } from "@/lib/channels/interview/get-interview-engine";
import {
  INTERVIEW_SIGNATURE_HEADER,
  signInterviewWebhook,
  verifyInterviewWebhook,
} from "@/lib/channels/interview/webhook-signature";
import { stopQueue } from "@/lib/queue/boss";
import { screeningResultSchema } from "@/lib/screening/result";
import type { Workflow } from "@/lib/screening/workflow";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

const WEBHOOK_URL = "http://localhost:3000/api/webhooks/interview";

const VOICE_WORKFLOW: Workflow = {
  steps: [
    {
      id: "voice",
      kind: "voice",
      weight: 1,
      questions: [
        {
          id: "relocate",
          type: "yes_no",
          prompt: "Are you willing to relocate to Denver?",
          expected: "yes",
          weight: 1,
          dealbreaker: true,
        },
        {
          id: "languages",
          type: "text",
          prompt: "Which programming languages do you use most?",
          keywords: [{ term: "TypeScript", synonyms: ["TS"] }],
          weight: 1,
          dealbreaker: false,
        },
      ],
    },
  ],
  passingScore: 60,
  deadlineHours: 48,
};

let database: TestDatabase;
let secret: string;
let eventCounter = 0;

beforeAll(async () => {
  database = await useTestDatabase();
  secret = getInterviewWebhookSecret()!;
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
});

async function startInterview(email: string) {
  const demo = await createDemoScreening(database.db, {
    workflow: VOICE_WORKFLOW,
    candidate: { firstName: "Vi", lastName: "Vega", email, mobilePhone: null },
  });
  await startDemoScreening(database.db, demo.screeningId);
  const [session] = await database.db
    .select({ session: interviewSessions })
    .from(interviewSessions)
    .innerJoin(invitations, eq(invitations.id, interviewSessions.invitationId))
    .where(eq(invitations.screeningId, demo.screeningId));
  return { ...demo, sessionId: session!.session.engineSessionId };
}

function completion(sessionId: string, overrides: object = {}) {
  eventCounter += 1;
  return {
    id: `evt_${eventCounter}`,
    type: "interview.completed",
    sessionId,
    completedAt: new Date().toISOString(),
    transcript: [
      { speaker: "agent", text: "Are you willing to relocate to Denver?" },
      { speaker: "candidate", text: "Yes, happily." },
      { speaker: "agent", text: "Which languages do you use most?" },
      { speaker: "candidate", text: "Mostly TypeScript and Go." },
    ],
    answers: [
      { questionId: "relocate", answer: "Yes, happily.", score: 100 },
      {
        questionId: "languages",
        answer: "Mostly TypeScript and Go.",
        score: 80,
      },
    ],
    audioUrl: "https://media.example.test/interviews/1.mp3",
    videoUrl: "https://media.example.test/interviews/1.mp4",
    ...overrides,
  };
}

function deliver(
  payload: object,
  options: { key?: string; timestamp?: number; header?: string | null } = {},
) {
  const body = JSON.stringify(payload);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const header =
    options.header === undefined
      ? signInterviewWebhook(options.key ?? secret, body, timestamp)
      : options.header;
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (header !== null) headers[INTERVIEW_SIGNATURE_HEADER] = header;
  return POST(new Request(WEBHOOK_URL, { method: "POST", headers, body }));
}

async function screeningRow(id: string) {
  const [row] = await database.db
    .select()
    .from(screenings)
    .where(eq(screenings.id, id));
  return row!;
}

async function outcomes(eventId: string | null) {
  const rows = await database.db
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.source, "interview"))
    .orderBy(desc(webhookEvents.id));
  return rows.filter((row) => eventId === null || row.eventId === eventId);
}

describe("interview signature", () => {
  it("verifies inside the window only", () => {
    const now = 1_800_000_000;
    const header = signInterviewWebhook("k", "{}", now);

    expect(verifyInterviewWebhook("k", header, "{}", now).ok).toBe(true);
    expect(verifyInterviewWebhook("k", header, "{}", now + 300).ok).toBe(true);
    expect(verifyInterviewWebhook("k", header, "{}", now + 301)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyInterviewWebhook("k", header, "{}", now - 301)).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyInterviewWebhook("k", header, "{ }", now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyInterviewWebhook("k", "t=1,v1=zz", "{}", now)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });
});

describe("interview webhook", () => {
  it("sends the interview link", async () => {
    const started = await startInterview("vi.link@example.test");
    const [message] = await database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, "vi.link@example.test"));

    expect(message!.body).toContain(`/dev/interviews/${started.sessionId}`);
    expect((await screeningRow(started.screeningId)).state).toBe("invited");
  });

  it("accepts a valid completion", async () => {
    const started = await startInterview("vi.valid@example.test");
    const payload = completion(started.sessionId);

    const response = await deliver(payload);

    expect(response.status).toBe(200);
    const row = await screeningRow(started.screeningId);
    expect(row.state).toBe("completed");
    expect(row.score).toBe(100);
    const result = screeningResultSchema.parse(row.result);
    expect(result.media.map((link) => link.kind)).toEqual(["audio", "video"]);
    expect(
      result.transcript.some((entry) => entry.speaker === "candidate"),
    ).toBe(true);
    const [session] = await database.db
      .select()
      .from(interviewSessions)
      .where(eq(interviewSessions.engineSessionId, started.sessionId));
    expect(session!.status).toBe("completed");
    expect(session!.engineScores).toHaveLength(2);
  });

  it("rejects a forged signature", async () => {
    const started = await startInterview("vi.forged@example.test");
    const payload = completion(started.sessionId);

    const response = await deliver(payload, { key: "not-the-secret" });

    expect(response.status).toBe(401);
    expect((await screeningRow(started.screeningId)).state).toBe("invited");
    const logged = await outcomes(null);
    expect(logged[0]!.outcome).toBe("bad_signature");
  });

  it("rejects a missing signature", async () => {
    const started = await startInterview("vi.missing@example.test");
    const response = await deliver(completion(started.sessionId), {
      header: null,
    });

    expect(response.status).toBe(401);
    expect((await outcomes(null))[0]!.detail).toBe("missing");
  });

  it("rejects a stale delivery", async () => {
    const started = await startInterview("vi.stale@example.test");
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;

    const response = await deliver(completion(started.sessionId), {
      timestamp: sixMinutesAgo,
    });

    expect(response.status).toBe(401);
    expect((await outcomes(null))[0]!.outcome).toBe("stale");
    expect((await screeningRow(started.screeningId)).state).toBe("invited");
  });

  it("rejects a replayed event id", async () => {
    const started = await startInterview("vi.replay@example.test");
    const payload = completion(started.sessionId);

    expect((await deliver(payload)).status).toBe(200);
    const replay = await deliver(payload);

    expect(replay.status).toBe(409);
    const logged = await outcomes(payload.id);
    expect(logged.map((row) => row.outcome).sort()).toEqual([
      "accepted",
      "replayed",
    ]);
  });

  it("knocks out on a dealbreaker answer", async () => {
    const started = await startInterview("vi.knockout@example.test");
    const payload = completion(started.sessionId, {
      answers: [
        { questionId: "relocate", answer: "No, I cannot move." },
        { questionId: "languages", answer: "TypeScript." },
      ],
    });

    expect((await deliver(payload)).status).toBe(200);
    expect((await screeningRow(started.screeningId)).state).toBe("knocked_out");
  });

  it("rejects an unknown session", async () => {
    const response = await deliver(completion("sim_unknown"));
    expect(response.status).toBe(404);
  });

  it("rejects a signed but invalid body", async () => {
    const response = await deliver({ id: "evt_bad", type: "other" });
    expect(response.status).toBe(400);
  });
});
