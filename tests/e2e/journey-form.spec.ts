import { devices, expect, test } from "@playwright/test";

import {
  addSandboxApplicant,
  createSandboxJob,
  moveSandboxPlacement,
  sandboxActivitiesFor,
} from "./support/journey-sandbox";
import {
  createAgent,
  ensureTrackerConnected,
  mapJob,
  openCandidate,
  RUN_ID,
  runCronUntil,
  signInJourneyAdmin,
  waitForFirstPoll,
  START_STAGE_ID,
  TRIGGER_STAGE,
} from "./support/journey-steps";

/**
 * The form journey. The resume journey proves the schedule, so this one
 * calls the cron routes itself to keep the run short.
 */

const JOB_TITLE = `Support Engineer ${RUN_ID}`;
const AGENT = `Support form screening ${RUN_ID}`;
const CANDIDATE = {
  firstName: "Fern",
  surname: `Formfill${RUN_ID}`,
  email: `fern.${RUN_ID}@journey.test`,
};
const CANDIDATE_NAME = `${CANDIDATE.firstName} ${CANDIDATE.surname}`;
const STEP_WAIT_MS = 120_000;

test("form agent scores a phone answer", async ({ page, browser, request }) => {
  test.setTimeout(6 * 60_000);
  const jobId = await createSandboxJob(JOB_TITLE);

  await test.step("create the agent and map the job", async () => {
    await signInJourneyAdmin(page);
    await ensureTrackerConnected(page);
    await createAgent(page, {
      name: AGENT,
      steps: ["Screening form"],
      jobDescription: "Support engineer for a help desk, evening shifts.",
    });
    const row = await mapJob(page, jobId, JOB_TITLE);
    await row.getByRole("button", { name: "Sync now" }).click();
    await expect(
      row.getByText(/Sync queued|already waiting/),
      "Sync now: no confirmation",
    ).toBeVisible();
    await waitForFirstPoll(page, jobId, STEP_WAIT_MS, request);
  });

  const applicant =
    await test.step("move a candidate into the stage", async () => {
      const added = await addSandboxApplicant({
        jobId,
        firstName: CANDIDATE.firstName,
        surname: CANDIDATE.surname,
        email: CANDIDATE.email,
        statusId: START_STAGE_ID,
        resume: "none",
      });
      await moveSandboxPlacement(added.placementId, TRIGGER_STAGE.id);
      return added;
    });

  const formPath =
    await test.step("find the invitation in the outbox", async () => {
      const invitation = page
        .getByTestId("outbox-message")
        .filter({ hasText: CANDIDATE.email });
      await runCronUntil(
        request,
        "/api/cron/sync",
        `form invitation to ${CANDIDATE.email} in /dev/outbox`,
        async () => {
          await page.goto("/dev/outbox");
          return invitation.count();
        },
        (count) => count > 0,
        STEP_WAIT_MS,
      );
      await expect(invitation).toHaveCount(1);
      const href = await invitation
        .getByRole("link", { name: /\/form\// })
        .getAttribute("href");
      return new URL(href!).pathname;
    });

  await test.step("candidate fills the form on a phone", async () => {
    const phone = await browser.newContext({ ...devices["Pixel 7"] });
    const candidate = await phone.newPage();
    await candidate.goto(formPath);
    await expect(
      candidate.getByRole("heading", { name: JOB_TITLE }),
    ).toBeVisible();

    const overflow = await candidate.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, "form is wider than the phone screen").toBeLessThanOrEqual(
      0,
    );

    // A form step added in the agent form starts with this one question.
    await candidate
      .getByRole("group", { name: /available to start within a month/ })
      .getByLabel("Yes")
      .check();
    await candidate.getByRole("button", { name: "Send answers" }).click();
    await expect(
      candidate.getByRole("heading", { name: "Thank you" }),
    ).toBeVisible();
    await phone.close();
  });

  const activity = await test.step("the Activity reaches Tracker", async () => {
    const activities = await runCronUntil(
      request,
      "/api/cron/write-back",
      `Activity on Tracker candidate ${applicant.resourceId}`,
      () => sandboxActivitiesFor(applicant.resourceId),
      (list) => list.length > 0,
      STEP_WAIT_MS,
    );
    expect(activities, "Activities on the candidate").toHaveLength(1);
    return activities[0]!;
  });

  await test.step("check the score in Tracker and the app", async () => {
    expect(activity.subject).toMatch(
      new RegExp(`^AI screening by ${AGENT}: \\d+/100, passed$`),
    );
    expect(activity.note).toMatch(/^Report \(PDF\): \S+\/report\/[0-9a-f]+$/m);

    await openCandidate(page, CANDIDATE_NAME, CANDIDATE.email);
    const evidence = page.getByRole("region", { name: "Step form" });
    await expect(evidence).toContainText("available to start within a month");
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText(
      `Written back to Tracker as activity ${activity.id}`,
    );
  });
});
