import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { invitations, outboxMessages, screenings } from "@/db/schema";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import { submitForm } from "@/lib/channels/form/candidate-form";
import { decideReminder, type ReminderState } from "@/lib/channels/reminders";
import { runChannelSweep } from "@/lib/channels/sweep";
import { stopQueue } from "@/lib/queue/boss";
import type { ReminderSettings } from "@/lib/screening/workflow";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

const HOUR = 3_600_000;
const SETTINGS: ReminderSettings = {
  enabled: true,
  intervalHours: 24,
  maxReminders: 2,
  sendingHours: { start: 9, end: 18 },
};
// 10:00 UTC is inside the 09-18 sending hours in UTC.
const SENT_AT = new Date("2026-03-02T10:00:00Z");

function state(fields: Partial<ReminderState> = {}): ReminderState {
  return {
    status: "sent",
    sentAt: SENT_AT,
    expiresAt: new Date(SENT_AT.getTime() + 72 * HOUR),
    remindersSent: 0,
    lastReminderAt: null,
    ...fields,
  };
}

describe("decideReminder", () => {
  const cases: {
    name: string;
    settings?: Partial<ReminderSettings>;
    state?: Partial<ReminderState>;
    now: string;
    timeZone?: string;
    expected: string;
  }[] = [
    { name: "due inside hours", now: "2026-03-03T10:00:00Z", expected: "send" },
    {
      name: "before interval",
      now: "2026-03-03T09:59:00Z",
      expected: "not_due",
    },
    {
      name: "due before hours",
      now: "2026-03-03T08:30:00Z",
      state: { sentAt: new Date("2026-03-02T08:00:00Z") },
      expected: "outside_sending_hours",
    },
    {
      name: "end hour is exclusive",
      now: "2026-03-03T18:00:00Z",
      expected: "outside_sending_hours",
    },
    {
      name: "hours in workspace zone",
      // 15:00 UTC is 07:00 in Los Angeles (PST, UTC-8).
      now: "2026-03-03T15:00:00Z",
      timeZone: "America/Los_Angeles",
      expected: "outside_sending_hours",
    },
    {
      name: "zone inside hours",
      // 18:30 UTC is 10:30 in Los Angeles.
      now: "2026-03-03T18:30:00Z",
      timeZone: "America/Los_Angeles",
      expected: "send",
    },
    {
      name: "max reached",
      now: "2026-03-05T10:00:00Z",
      state: {
        remindersSent: 2,
        lastReminderAt: new Date("2026-03-04T10:00:00Z"),
        expiresAt: new Date("2026-03-09T10:00:00Z"),
      },
      expected: "max_reached",
    },
    {
      name: "interval from last reminder",
      now: "2026-03-04T09:00:00Z",
      state: {
        remindersSent: 1,
        lastReminderAt: new Date("2026-03-03T10:00:00Z"),
      },
      expected: "not_due",
    },
    {
      name: "none after completion",
      now: "2026-03-03T10:00:00Z",
      state: { status: "completed" },
      expected: "finished",
    },
    {
      name: "none after knockout",
      now: "2026-03-03T10:00:00Z",
      state: { status: "knocked_out" },
      expected: "finished",
    },
    {
      name: "none after deadline",
      now: "2026-03-05T10:00:00Z",
      expected: "expired",
    },
    {
      name: "disabled",
      now: "2026-03-03T10:00:00Z",
      settings: { enabled: false },
      expected: "disabled",
    },
    {
      name: "max of zero",
      now: "2026-03-03T10:00:00Z",
      settings: { maxReminders: 0 },
      expected: "disabled",
    },
    {
      name: "never sent",
      now: "2026-03-03T10:00:00Z",
      state: { sentAt: null },
      expected: "not_sent",
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const decision = decideReminder(
        { ...SETTINGS, ...testCase.settings },
        state(testCase.state),
        new Date(testCase.now),
        testCase.timeZone ?? "UTC",
      );
      const outcome = decision.send ? "send" : decision.reason;
      expect(outcome).toBe(testCase.expected);
    });
  }
});

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
});

async function invited(email: string) {
  const demo = await createDemoScreening(database.db, {
    workflow: createDemoFormWorkflow(),
    candidate: { firstName: "Rae", lastName: "Ray", email, mobilePhone: null },
  });
  await startDemoScreening(database.db, demo.screeningId);
  const [invitation] = await database.db
    .select()
    .from(invitations)
    .where(eq(invitations.screeningId, demo.screeningId));
  return { ...demo, invitation: invitation! };
}

async function remindersTo(email: string) {
  const rows = await database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, email));
  return rows.filter((row) => row.subject?.startsWith("Reminder"));
}

/** Puts the invitation's send time `hours` before `now`. */
async function backdate(id: string, now: Date, hours: number) {
  await database.db
    .update(invitations)
    .set({
      sentAt: new Date(now.getTime() - hours * HOUR),
      expiresAt: new Date(now.getTime() + 48 * HOUR),
    })
    .where(eq(invitations.id, id));
}

describe("runChannelSweep", () => {
  it("sends at most the maximum", async () => {
    const email = "rae.max@example.test";
    const { invitation } = await invited(email);
    const start = new Date("2026-03-02T10:00:00Z");
    await backdate(invitation.id, start, 25);
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date("2026-03-09T10:00:00Z") })
      .where(eq(invitations.id, invitation.id));

    for (let day = 0; day < 5; day++) {
      const now = new Date(start.getTime() + day * 24 * HOUR);
      await runChannelSweep(database.db, { now });
      // A second run at the same moment must not send again.
      await runChannelSweep(database.db, { now });
    }

    const sent = await remindersTo(email);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).toContain("/form/");
    const [row] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(row!.remindersSent).toBe(2);
  });

  it("waits for sending hours", async () => {
    const email = "rae.hours@example.test";
    const { invitation } = await invited(email);
    const night = new Date("2026-03-03T02:00:00Z");
    await backdate(invitation.id, night, 30);

    await runChannelSweep(database.db, { now: night });
    expect(await remindersTo(email)).toHaveLength(0);

    await runChannelSweep(database.db, {
      now: new Date("2026-03-03T09:00:00Z"),
    });
    expect(await remindersTo(email)).toHaveLength(1);
  });

  it("sends none after completion", async () => {
    const email = "rae.done@example.test";
    const demo = await invited(email);
    const [message] = await database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, email));
    const token = message!.body.match(/\/form\/([A-Za-z0-9_-]+)/)![1]!;
    await submitForm(database.db, token, {
      "work-authorization": "yes",
      "years-experience": "3",
      shift: "Morning",
      motivation: "Helped a customer.",
    });
    const now = new Date("2026-03-03T10:00:00Z");
    await backdate(demo.invitation.id, now, 30);

    await runChannelSweep(database.db, { now });
    expect(await remindersTo(email)).toHaveLength(0);
  });

  it("expires the step at its deadline", async () => {
    const email = "rae.late@example.test";
    const demo = await invited(email);
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(invitations.id, demo.invitation.id));

    const counts = await runChannelSweep(database.db);

    expect(counts.expired).toBeGreaterThanOrEqual(1);
    const [row] = await database.db
      .select()
      .from(screenings)
      .where(eq(screenings.id, demo.screeningId));
    expect(row!.state).toBe("expired");
    expect(row!.score).toBeNull();
    const [invitation] = await database.db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.id, demo.invitation.id),
          eq(invitations.status, "expired"),
        ),
      );
    expect(invitation).toBeDefined();
  });

  it("resumes a stalled screening", async () => {
    const demo = await invited("rae.stalled@example.test");
    // The step ended but moving the workflow on never ran.
    await database.db
      .update(invitations)
      .set({
        status: "completed",
        stepInput: {
          status: "answered",
          answers: [
            { questionId: "work-authorization", value: "yes" },
            { questionId: "years-experience", value: 3 },
            { questionId: "shift", value: "Morning" },
            { questionId: "motivation", value: "A customer issue." },
          ],
          completedAt: new Date().toISOString(),
        },
      })
      .where(eq(invitations.id, demo.invitation.id));
    await database.db
      .update(screenings)
      .set({ updatedAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(screenings.id, demo.screeningId));

    const counts = await runChannelSweep(database.db);

    expect(counts.resumed).toBe(1);
    const [row] = await database.db
      .select()
      .from(screenings)
      .where(eq(screenings.id, demo.screeningId));
    expect(row!.state).toBe("completed");
    expect(row!.score).toBe(100);
  });
});
