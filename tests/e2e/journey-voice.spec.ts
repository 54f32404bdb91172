import { expect, test } from "@playwright/test";

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
 * The voice journey against the local interview simulator, which replaces
 * the interview engine when none is configured and reports sample
 * audio and video addresses. Like the form journey it calls the cron
 * routes itself.
 */

const JOB_TITLE = `Field Technician ${RUN_ID}`;
const AGENT = `Technician voice screening ${RUN_ID}`;
const CANDIDATE = {
  firstName: "Vic",
  surname: `Voicecall${RUN_ID}`,
  email: `vic.${RUN_ID}@journey.test`,
  mobilePhone: "+15550100931",
};
const CANDIDATE_NAME = `${CANDIDATE.firstName} ${CANDIDATE.surname}`;
const STEP_WAIT_MS = 120_000;
const MEDIA_LINE = /^(Audio|Video) \([^)]*\): (https?:\/\/\S+)$/gm;

test("voice agent writes recording links", async ({ page, request }) => {
  test.setTimeout(6 * 60_000);
  const jobId = await createSandboxJob(JOB_TITLE);

  await test.step("create the agent and map the job", async () => {
    await signInJourneyAdmin(page);
    await ensureTrackerConnected(page);
    await createAgent(page, {
      name: AGENT,
      steps: ["Voice interview"],
      jobDescription: "Field technician who installs broadband equipment.",
    });
    await mapJob(page, jobId, JOB_TITLE);
    await waitForFirstPoll(page, jobId, STEP_WAIT_MS, request);
  });

  const applicant =
    await test.step("move a candidate into the stage", async () => {
      const added = await addSandboxApplicant({
        jobId,
        firstName: CANDIDATE.firstName,
        surname: CANDIDATE.surname,
        email: CANDIDATE.email,
        mobilePhone: CANDIDATE.mobilePhone,
        statusId: START_STAGE_ID,
        resume: "none",
      });
      await moveSandboxPlacement(added.placementId, TRIGGER_STAGE.id);
      return added;
    });

  await test.step("complete the interview on the simulator", async () => {
    const session = page.getByRole("link", {
      name: new RegExp(CANDIDATE.surname),
    });
    await runCronUntil(
      request,
      "/api/cron/sync",
      `simulated interview for ${CANDIDATE_NAME} in /dev/interviews`,
      async () => {
        await page.goto("/dev/interviews");
        return session.count();
      },
      (count) => count > 0,
      STEP_WAIT_MS,
    );
    await session.click();
    await expect(
      page.getByRole("heading", {
        name: new RegExp(`Interview with ${CANDIDATE_NAME}`),
      }),
    ).toBeVisible();
    await page
      .getByLabel(/available to start within a month/)
      .fill("Yes, I can start in two weeks.");
    await page.getByRole("button", { name: "Complete interview" }).click();
    await expect(page.getByText("This interview is completed.")).toBeVisible();
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

  await test.step("the note links the audio and video", async () => {
    const media = [...activity.note.matchAll(MEDIA_LINE)].map((match) => ({
      kind: match[1],
      url: match[2],
    }));
    expect(media, `media lines in the note:\n${activity.note}`).toEqual([
      { kind: "Audio", url: expect.stringMatching(/\.mp3$/) },
      { kind: "Video", url: expect.stringMatching(/\.mp4$/) },
    ]);
    expect(activity.subject).toMatch(
      new RegExp(`^AI screening by ${AGENT}: \\d+/100`),
    );

    await openCandidate(page, CANDIDATE_NAME, CANDIDATE.email);
    for (const item of media) {
      await expect(
        page.locator(`a[href="${item.url}"]`),
        `${item.kind} link on the candidate page`,
      ).toHaveCount(1);
    }
  });
});
