import { createServer, type Server } from "node:http";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { POST } from "@/app/api/webhooks/twilio/sms/route";
import {
  invitations,
  outboxMessages,
  screenings,
  smsConversations,
  smsOptOuts,
  webhookEvents,
} from "@/db/schema";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import { computeTwilioSignature } from "@/lib/channels/sms/twilio-signature";
import { runChannelSweep } from "@/lib/channels/sweep";
import { stopQueue } from "@/lib/queue/boss";
import { screeningResultSchema } from "@/lib/screening/result";
import type { Workflow } from "@/lib/screening/workflow";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

// Env is read once per test file, before the modules above load, so the
// Twilio settings go in first. Texts are sent to a local fake of Twilio's
// Messages resource.
const twilio = vi.hoisted(() => {
  const port = 41_000 + Math.floor(Math.random() * 4_000);
  const settings = {
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: "twilio-test-auth-token",
    TWILIO_FROM: "+15550009999",
    TWILIO_API_URL: `http://127.0.0.1:${port}`,
  };
  Object.assign(process.env, settings);
  return { port, settings };
});

const WEBHOOK_URL = "http://localhost:3000/api/webhooks/twilio/sms";
const PHONE = "+15557654321";
const REJECTED_PHONE = "+15550000400";

type SentText = { to: string; body: string; authorization: string };
const sent: SentText[] = [];
let fakeTwilio: Server;
let database: TestDatabase;
let messageCounter = 0;

const SMS_WORKFLOW: Workflow = {
  steps: [
    {
      id: "sms",
      kind: "sms",
      weight: 1,
      reminders: {
        enabled: false,
        intervalHours: 24,
        maxReminders: 0,
        sendingHours: { start: 9, end: 18 },
      },
      questions: [
        {
          id: "license",
          type: "yes_no",
          prompt: "Do you hold a forklift license?",
          expected: "yes",
          weight: 1,
          dealbreaker: true,
        },
        {
          id: "years",
          type: "number",
          prompt: "How many years have you driven forklifts?",
          min: 1,
          weight: 1,
          dealbreaker: false,
        },
      ],
    },
  ],
  passingScore: 50,
  deadlineHours: 48,
};

beforeAll(async () => {
  fakeTwilio = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      const form = new URLSearchParams(raw);
      sent.push({
        to: form.get("To") ?? "",
        body: form.get("Body") ?? "",
        authorization: request.headers.authorization ?? "",
      });
      // Twilio rejects this one number, as it does an unreachable one.
      if (form.get("To") === REJECTED_PHONE) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ code: 21211, message: "Invalid To" }));
        return;
      }
      response.writeHead(201, { "content-type": "application/json" });
      response.end(JSON.stringify({ sid: `SM${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) =>
    fakeTwilio.listen(twilio.port, "127.0.0.1", resolve),
  );
  database = await useTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
  await new Promise((resolve) => fakeTwilio.close(resolve));
  for (const name of Object.keys(twilio.settings)) delete process.env[name];
});

function inbound(
  body: string,
  options: { signature?: string | null; from?: string; sid?: string } = {},
) {
  messageCounter += 1;
  const params: Record<string, string> = {
    MessageSid: options.sid ?? `SMin${messageCounter}`,
    AccountSid: twilio.settings.TWILIO_ACCOUNT_SID,
    From: options.from ?? PHONE,
    To: twilio.settings.TWILIO_FROM,
    Body: body,
  };
  const signature =
    options.signature === undefined
      ? computeTwilioSignature(
          twilio.settings.TWILIO_AUTH_TOKEN,
          WEBHOOK_URL,
          params,
        )
      : options.signature;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
  };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return POST(
    new Request(WEBHOOK_URL, {
      method: "POST",
      headers,
      body: new URLSearchParams(params).toString(),
    }),
  );
}

async function startSmsScreening(phone = PHONE) {
  const demo = await createDemoScreening(database.db, {
    workflow: SMS_WORKFLOW,
    candidate: {
      firstName: "Sam",
      lastName: "Stone",
      email: null,
      mobilePhone: phone,
    },
  });
  await startDemoScreening(database.db, demo.screeningId);
  return demo;
}

async function stateOf(screeningId: string) {
  const [row] = await database.db
    .select()
    .from(screenings)
    .where(eq(screenings.id, screeningId));
  return row!;
}

describe("Twilio signature", () => {
  it("matches Twilio's documented example", () => {
    const signature = computeTwilioSignature(
      "12345",
      "https://mycompany.com/myapp.php?foo=1&bar=2",
      {
        CallSid: "CA1234567890ABCDE",
        Caller: "+12349013030",
        Digits: "1234",
        From: "+12349013030",
        To: "+18005551212",
      },
    );
    expect(signature).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });
});

describe("SMS webhook", () => {
  it("sends the first question through Twilio", async () => {
    await startSmsScreening();
    const first = sent.at(-1)!;

    expect(first.to).toBe(PHONE);
    expect(first.body).toContain("Question 1 of 2");
    expect(first.body).toContain("Reply STOP to opt out.");
    const expectedAuth =
      "Basic " +
      Buffer.from(
        `${twilio.settings.TWILIO_ACCOUNT_SID}:${twilio.settings.TWILIO_AUTH_TOKEN}`,
      ).toString("base64");
    expect(first.authorization).toBe(expectedAuth);
  });

  it("rejects a missing signature", async () => {
    const response = await inbound("yes", { signature: null });

    expect(response.status).toBe(403);
    const rows = await database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.outcome, "bad_signature"));
    expect(rows.some((row) => row.detail === "signature missing")).toBe(true);
  });

  it("rejects a wrong signature", async () => {
    const before = sent.length;
    const response = await inbound("yes", {
      signature: "bm90IHRoZSByaWdodCBzaWduYXR1cmU=",
    });

    expect(response.status).toBe(403);
    expect(sent.length).toBe(before);
  });

  it("rejects a signature for other params", async () => {
    const params = { From: PHONE, Body: "no" };
    const forged = computeTwilioSignature(
      twilio.settings.TWILIO_AUTH_TOKEN,
      WEBHOOK_URL,
      params,
    );
    const response = await inbound("yes", { signature: forged });
    expect(response.status).toBe(403);
  });

  it("walks the conversation to a score", async () => {
    const phone = "+15557650001";
    const demo = await startSmsScreening(phone);

    const first = await inbound("Yes I do", { from: phone });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/xml");
    expect(sent.at(-1)!.body).toContain("Question 2 of 2");

    await inbound("about 6 years", { from: phone });
    expect(sent.at(-1)!.body).toContain("last question");

    const row = await stateOf(demo.screeningId);
    expect(row.state).toBe("completed");
    expect(row.score).toBe(100);
    const result = screeningResultSchema.parse(row.result);
    const speakers = result.transcript.map((entry) => entry.speaker);
    expect(speakers).toContain("candidate");
    expect(result.steps[0]!.answers[1]!.answer).toBe("about 6 years");
  });

  it("asks again after an unclear reply", async () => {
    const phone = "+15557650002";
    await startSmsScreening(phone);

    await inbound("what is a forklift?", { from: phone });
    expect(sent.at(-1)!.body).toMatch(/^Sorry, I did not understand/);
    expect(sent.at(-1)!.body).toContain("Question 1 of 2");
  });

  it("knocks out on a dealbreaker reply", async () => {
    const phone = "+15557650003";
    const demo = await startSmsScreening(phone);

    await inbound("no", { from: phone });

    const row = await stateOf(demo.screeningId);
    expect(row.state).toBe("knocked_out");
    const [conversation] = await database.db
      .select()
      .from(smsConversations)
      .innerJoin(invitations, eq(invitations.id, smsConversations.invitationId))
      .where(eq(invitations.screeningId, demo.screeningId));
    expect(conversation!.sms_conversations.status).toBe("knocked_out");
  });

  it("ignores a repeated MessageSid", async () => {
    const phone = "+15557650004";
    await startSmsScreening(phone);

    await inbound("yes", { from: phone, sid: "SMrepeat1" });
    const afterFirst = sent.length;
    const repeat = await inbound("yes", { from: phone, sid: "SMrepeat1" });

    expect(repeat.status).toBe(200);
    expect(sent.length).toBe(afterFirst);
    const replays = await database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.outcome, "replayed"));
    expect(replays.some((row) => row.eventId === "SMrepeat1")).toBe(true);
  });

  it("honours STOP and START", async () => {
    const phone = "+15557650005";
    const demo = await startSmsScreening(phone);

    const stop = await inbound("STOP", { from: phone });
    expect(stop.status).toBe(200);
    const optOuts = await database.db
      .select()
      .from(smsOptOuts)
      .where(eq(smsOptOuts.phone, phone));
    expect(optOuts).toHaveLength(1);

    // A reply while opted out is neither answered nor texted back. (A bare
    // YES would opt the number back in, as on Twilio.)
    const beforeReply = sent.length;
    await inbound("I do", { from: phone });
    expect(sent.length).toBe(beforeReply);
    expect((await stateOf(demo.screeningId)).state).toBe("invited");

    // A new SMS step for the number is not texted at all.
    const blocked = await startSmsScreening(phone);
    expect(sent.length).toBe(beforeReply);
    expect((await stateOf(blocked.screeningId)).state).toBe("expired");

    await inbound("start", { from: phone });
    expect(
      await database.db
        .select()
        .from(smsOptOuts)
        .where(eq(smsOptOuts.phone, phone)),
    ).toHaveLength(0);
    expect(sent.at(-1)!.to).toBe(phone);
    expect(sent.at(-1)!.body).toContain("Question 1 of 2");
  });

  it("expires without a reply", async () => {
    const silent = await startSmsScreening("+15557650006");
    const started = await startSmsScreening("+15557650007");
    await inbound("yes", { from: "+15557650007" });
    for (const demo of [silent, started]) {
      await database.db
        .update(invitations)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(invitations.screeningId, demo.screeningId));
    }

    await runChannelSweep(database.db);

    const silentRow = await stateOf(silent.screeningId);
    expect(silentRow.state).toBe("expired");
    expect(screeningResultSchema.parse(silentRow.result).status).toBe(
      "no_response",
    );
    const startedRow = await stateOf(started.screeningId);
    expect(startedRow.state).toBe("expired");
    expect(screeningResultSchema.parse(startedRow.result).status).toBe(
      "expired",
    );
    // A reply after the deadline finds no open conversation.
    const before = sent.length;
    await inbound("5 years", { from: "+15557650007" });
    expect(sent.length).toBe(before);
  });

  it("keeps the email when the backup SMS fails", async () => {
    const demo = await createDemoScreening(database.db, {
      workflow: {
        ...SMS_WORKFLOW,
        steps: [
          { ...createDemoFormWorkflow().steps[0]!, id: "form" },
          ...SMS_WORKFLOW.steps,
        ],
      },
      candidate: {
        firstName: "Bo",
        lastName: "Backup",
        email: "bo.backup@example.test",
        mobilePhone: REJECTED_PHONE,
      },
    });

    const outcome = await startDemoScreening(database.db, demo.screeningId);

    expect(outcome).toBe("invited");
    const [invitation] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.screeningId, demo.screeningId));
    expect(invitation!.sentAt).not.toBeNull();
    const [email] = await database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, "bo.backup@example.test"));
    expect(email!.body).toContain("/form/");
  });
});
