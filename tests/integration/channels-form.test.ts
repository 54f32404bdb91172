import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  formAnswers,
  invitations,
  outboxMessages,
  screenings,
} from "@/db/schema";
import {
  createDemoFormWorkflow,
  createDemoScreening,
} from "@/lib/channels/dev/demo-screening";
import { startDemoScreening } from "@/lib/channels/dev/start-demo-screening";
import {
  FormClosedError,
  openForm,
  saveFormAnswer,
  submitForm,
} from "@/lib/channels/form/candidate-form";
import { channelWorkflowRunner } from "@/lib/channels/workflow/channel-workflow-runner";
import { loadScreeningContext } from "@/lib/channels/workflow/screening-context";
import { stopQueue } from "@/lib/queue/boss";
import { extractResumeText } from "@/lib/screening/resume-text";
import { screeningResultSchema } from "@/lib/screening/result";

import { useTestDatabase, type TestDatabase } from "../helpers/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await useTestDatabase();
});

afterAll(async () => {
  await stopQueue(database);
  await database.drop();
});

async function invite(email: string) {
  const demo = await createDemoScreening(database.db, {
    workflow: createDemoFormWorkflow(),
    candidate: {
      firstName: "Dana",
      lastName: "Diaz",
      email,
      mobilePhone: "+15551230001",
    },
  });
  const outcome = await startDemoScreening(database.db, demo.screeningId);
  const [message] = await database.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, email))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(1);
  const token = message?.body.match(/\/form\/([A-Za-z0-9_-]+)/)?.[1];
  return { ...demo, outcome, message, token: token! };
}

async function screeningRow(id: string) {
  const [row] = await database.db
    .select()
    .from(screenings)
    .where(eq(screenings.id, id));
  return row!;
}

const GOOD_ANSWERS = {
  "work-authorization": "yes",
  "years-experience": "4",
  shift: "Evening",
  motivation: "A customer lost data after an upgrade; I restored it.",
};

describe("hosted form", () => {
  it("emails the invitation to the outbox", async () => {
    const invited = await invite("dana.invite@example.test");

    expect(invited.outcome).toBe("invited");
    expect(invited.message?.channel).toBe("email");
    expect(invited.message?.subject).toContain("Support Engineer");
    expect(invited.token).toBeTruthy();
    expect((await screeningRow(invited.screeningId)).state).toBe("invited");
  });

  it("stores only the token hash", async () => {
    const invited = await invite("dana.hash@example.test");
    const [row] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.screeningId, invited.screeningId));

    expect(row!.tokenHash).not.toContain(invited.token);
    expect(row!.tokenEncrypted).not.toContain(invited.token);
  });

  it("opens, saves and scores a submitted form", async () => {
    const invited = await invite("dana.submit@example.test");

    const view = await openForm(database.db, invited.token);
    expect(view.state).toBe("open");
    if (view.state !== "open") return;
    expect(view.questions).toHaveLength(4);
    // The browser never sees expected answers or dealbreakers.
    expect(JSON.stringify(view.questions)).not.toContain("expected");
    expect(JSON.stringify(view.questions)).not.toContain("dealbreaker");
    expect((await screeningRow(invited.screeningId)).state).toBe("in_progress");

    const saved = await saveFormAnswer(
      database.db,
      invited.token,
      "years-experience",
      "4",
    );
    expect(saved.ok).toBe(true);
    const reopened = await openForm(database.db, invited.token);
    expect(
      reopened.state === "open" && reopened.saved["years-experience"],
    ).toBe("4");

    const submitted = await submitForm(
      database.db,
      invited.token,
      GOOD_ANSWERS,
    );
    expect(submitted.ok).toBe(true);

    const row = await screeningRow(invited.screeningId);
    expect(row.state).toBe("completed");
    expect(row.score).toBe(100);
    const result = screeningResultSchema.parse(row.result);
    expect(result.passed).toBe(true);
    expect(result.steps[0]!.answers).toHaveLength(4);
  });

  it("rejects invalid answers per field", async () => {
    const invited = await invite("dana.invalid@example.test");
    const result = await submitForm(database.db, invited.token, {
      ...GOOD_ANSWERS,
      "years-experience": "many",
      shift: "Weekend",
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors["years-experience"]).toMatch(/number/);
    expect(result.fieldErrors.shift).toMatch(/options/);
    expect((await screeningRow(invited.screeningId)).state).toBe("invited");
  });

  it("knocks out on a dealbreaker answer", async () => {
    const invited = await invite("dana.knockout@example.test");
    await submitForm(database.db, invited.token, {
      ...GOOD_ANSWERS,
      "work-authorization": "no",
    });

    const row = await screeningRow(invited.screeningId);
    expect(row.state).toBe("knocked_out");
    expect(row.score).toBe(0);
    const view = await openForm(database.db, invited.token);
    expect(view.state).toBe("finished");
  });

  it("refuses a second submit", async () => {
    const invited = await invite("dana.twice@example.test");
    await submitForm(database.db, invited.token, GOOD_ANSWERS);

    await expect(
      submitForm(database.db, invited.token, GOOD_ANSWERS),
    ).rejects.toBeInstanceOf(FormClosedError);
  });

  it("shows an unknown token as not found", async () => {
    const view = await openForm(database.db, "A".repeat(43));
    expect(view.state).toBe("not_found");
    const malformed = await openForm(database.db, "../../etc");
    expect(malformed.state).toBe("not_found");
  });

  it("closes the form after its deadline", async () => {
    const invited = await invite("dana.late@example.test");
    await database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.screeningId, invited.screeningId));

    const view = await openForm(database.db, invited.token);
    expect(view.state).toBe("expired");
    await expect(
      saveFormAnswer(database.db, invited.token, "shift", "Morning"),
    ).rejects.toBeInstanceOf(FormClosedError);
    const [row] = await database.db
      .select()
      .from(invitations)
      .where(eq(invitations.screeningId, invited.screeningId));
    const saved = await database.db
      .select()
      .from(formAnswers)
      .where(eq(formAnswers.invitationId, row!.id));
    expect(saved).toHaveLength(0);
  });

  it("starts through the workflow runner", async () => {
    const demo = await createDemoScreening(database.db, {
      workflow: createDemoFormWorkflow(),
      candidate: {
        firstName: "Ira",
        lastName: "Intake",
        email: "ira.intake@example.test",
        mobilePhone: null,
      },
    });
    const context = await loadScreeningContext(database.db, demo.screeningId);

    const outcome = await channelWorkflowRunner.start({
      screening: context.screening,
      candidate: context.candidate,
      agent: context.agent,
      workflow: context.workflow,
      mapping: context.mapping,
      resume: await extractResumeText(new Uint8Array(), "none"),
    });

    expect(outcome.kind).toBe("invited");
    const [message] = await database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, "ira.intake@example.test"));
    expect(message!.body).toContain("/form/");
  });
});
