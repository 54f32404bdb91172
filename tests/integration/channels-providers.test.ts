import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { createHttpInterviewEngine } from "@/lib/channels/interview/http-engine";
import { InterviewEngineError } from "@/lib/channels/interview/interview-engine";
import { readKeyword } from "@/lib/channels/sms/keywords";
import { normalizePhone, SmsSendError } from "@/lib/channels/sms/sms-provider";
import { createTwilioProvider } from "@/lib/channels/sms/twilio-provider";

type Reply = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};
type Received = {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
};

let server: Server | undefined;

/** Starts a loopback server that replies with `replies` in order. */
async function fakeApi(replies: Reply[]) {
  const received: Received[] = [];
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ url: request.url ?? "", headers: request.headers, body });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)]!;
      response.writeHead(reply.status, {
        "content-type": "application/json",
        ...reply.headers,
      });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
});

const TWILIO = {
  accountSid: `AC${"1".repeat(32)}`,
  authToken: "provider-test-token",
  from: "+15550001234",
};

describe("Twilio provider", () => {
  it("posts the message form", async () => {
    const api = await fakeApi([{ status: 201, body: { sid: "SM123" } }]);
    const provider = createTwilioProvider({ ...TWILIO, apiUrl: api.url });

    const sent = await provider.send(
      { to: "+15557770000", body: "Hi" },
      null as never,
    );

    expect(sent.messageId).toBe("SM123");
    expect(api.received[0]!.url).toBe(
      `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`,
    );
    const form = new URLSearchParams(api.received[0]!.body);
    expect(form.get("To")).toBe("+15557770000");
    expect(form.get("From")).toBe(TWILIO.from);
    expect(form.get("Body")).toBe("Hi");
  });

  it("retries a 429 after Retry-After", async () => {
    const api = await fakeApi([
      { status: 429, body: { code: 20429 }, headers: { "retry-after": "0" } },
      { status: 201, body: { sid: "SM456" } },
    ]);
    const provider = createTwilioProvider({ ...TWILIO, apiUrl: api.url });

    const sent = await provider.send(
      { to: "+15557770000", body: "Hi" },
      null as never,
    );

    expect(sent.messageId).toBe("SM456");
    expect(api.received).toHaveLength(2);
  });

  it("reports a rejected number", async () => {
    const api = await fakeApi([
      {
        status: 400,
        body: {
          code: 21610,
          message: "Attempt to send to unsubscribed recipient",
        },
      },
    ]);
    const provider = createTwilioProvider({ ...TWILIO, apiUrl: api.url });

    const error = await provider
      .send({ to: "+15557770000", body: "Hi" }, null as never)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as SmsSendError).retryable).toBe(false);
    expect((error as Error).message).toContain("21610");
    expect((error as Error).message).not.toContain(TWILIO.authToken);
    expect(api.received).toHaveLength(1);
  });
});

describe("HTTP interview engine", () => {
  const request = {
    reference: "invitation-1",
    candidate: { name: "Vi Vega", email: "vi@example.test", phone: null },
    jobTitle: "Support Engineer",
    questions: [{ id: "q1", prompt: "Why us?" }],
    webhookUrl: "http://localhost:3000/api/webhooks/interview",
    expiresAt: new Date("2026-03-05T10:00:00Z"),
  };

  it("creates a session", async () => {
    const api = await fakeApi([
      {
        status: 201,
        body: { id: "sess_1", joinUrl: "https://engine.test/j/1" },
      },
    ]);
    const engine = createHttpInterviewEngine(api.url, "engine-key");

    const session = await engine.createSession(request);

    expect(session).toEqual({
      sessionId: "sess_1",
      joinUrl: "https://engine.test/j/1",
    });
    expect(api.received[0]!.url).toBe("/sessions");
    expect(api.received[0]!.headers.authorization).toBe("Bearer engine-key");
    const sent = JSON.parse(api.received[0]!.body);
    expect(sent.questions).toEqual(request.questions);
    expect(sent.expiresAt).toBe("2026-03-05T10:00:00.000Z");
  });

  it("rejects a reply without joinUrl", async () => {
    const api = await fakeApi([{ status: 201, body: { id: "sess_2" } }]);
    const engine = createHttpInterviewEngine(api.url, undefined);

    await expect(engine.createSession(request)).rejects.toBeInstanceOf(
      InterviewEngineError,
    );
  });

  it("reports an error status", async () => {
    const api = await fakeApi([{ status: 503, body: {} }]);
    const engine = createHttpInterviewEngine(api.url, undefined);

    await expect(engine.createSession(request)).rejects.toThrow("HTTP 503");
  });
});

describe("SMS keywords", () => {
  const cases: [string, ReturnType<typeof readKeyword>][] = [
    ["STOP", "opt_out"],
    ["stop.", "opt_out"],
    [" Unsubscribe ", "opt_out"],
    ["quit", "opt_out"],
    ["START", "opt_in"],
    ["unstop", "opt_in"],
    ["Yes!", "yes"],
    ["stop texting me", null],
    ["5 years", null],
  ];
  for (const [text, expected] of cases) {
    it(`reads "${text}"`, () => {
      expect(readKeyword(text)).toBe(expected);
    });
  }
});

describe("normalizePhone", () => {
  const cases: [string, string | null][] = [
    ["+44 20 7946 0958", "+442079460958"],
    ["(415) 555-0132", "+14155550132"],
    ["1-415-555-0132", "+14155550132"],
    ["555-0132", null],
    ["+1234", null],
    ["", null],
  ];
  for (const [raw, expected] of cases) {
    it(`normalizes "${raw}"`, () => {
      expect(normalizePhone(raw)).toBe(expected);
    });
  }
});
