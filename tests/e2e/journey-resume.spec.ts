import { expect, test } from "@playwright/test";

import { baseURL } from "@/playwright.config";
import { utcToLocal } from "@/lib/tracker/local-time";
import { buildDefaultSeeds } from "@/lib/tracker-sandbox/seed/demo-seed";

import {
  addSandboxApplicant,
  moveSandboxPlacement,
  sandboxActivitiesFor,
  sandboxDocumentsFor,
  waitForValue,
} from "./support/journey-sandbox";
import {
  createAgent,
  ensureTrackerConnected,
  findRunCandidateRow,
  mapJob,
  openCandidate,
  RUN_ID,
  signInJourneyAdmin,
  waitForFirstPoll,
  START_STAGE_ID,
  TRIGGER_STAGE,
} from "./support/journey-steps";

/**
 * The resume journey with no shortcut: nothing here calls a cron route or
 * presses Sync now, so the backfill and the new candidate go through the
 * server's embedded scheduler, which calls the sync and write-back routes
 * once a minute.
 */

const REACT_JOB = { id: 1026, title: "Senior React Developer" };
const SANDBOX_ZONE = "America/Los_Angeles";
const BACKFILL_UP_TO = "2026-08-31";
// Two scheduler minutes for the poll and intake, one for the write-back,
// plus margin for a slow shared machine.
const SCHEDULED_WAIT_MS = 180_000;

const AGENT = `React resume screening ${RUN_ID}`;
const CANDIDATE = {
  firstName: "Sarah",
  surname: `Journey${RUN_ID}`,
  email: `sarah.${RUN_ID}@journey.test`,
};
const CANDIDATE_NAME = `${CANDIDATE.firstName} ${CANDIDATE.surname}`;

/** Placements on the React job added up to a local day, as seeded. */
function seededPlacementsUpTo(day: string): number {
  const demo = buildDefaultSeeds().find((seed) => seed.name === "demo")!;
  return demo.placements.filter(
    (placement) =>
      placement.jobId === REACT_JOB.id &&
      utcToLocal(new Date(placement.createdAt!), SANDBOX_ZONE).slice(0, 10) <=
        day,
  ).length;
}

test("resume agent screens on schedule", async ({ page, browser }) => {
  test.setTimeout(8 * 60_000);

  await test.step("connect Tracker and create the agent", async () => {
    await signInJourneyAdmin(page);
    await ensureTrackerConnected(page);
    await createAgent(page, {
      name: AGENT,
      steps: ["Resume review"],
      jobDescription:
        "Senior React Developer. Required: React, TypeScript and Node.js, " +
        "with at least 5 years of experience building web applications. " +
        "Nice to have: Next.js, GraphQL and AWS.",
    });
  });

  const row = await test.step("map the React job", () =>
    mapJob(page, REACT_JOB.id, REACT_JOB.title));

  await test.step("backfill up to a date until it completes", async () => {
    const expected = seededPlacementsUpTo(BACKFILL_UP_TO);
    expect(expected, "seeded React placements to backfill").toBeGreaterThan(0);

    await row.getByRole("button", { name: "Backfill" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Include applications up to").fill(BACKFILL_UP_TO);
    await dialog.getByRole("button", { name: "Preview count" }).click();
    await expect(dialog.getByTestId("backfill-preview")).toContainText(
      `${expected} candidate(s) would be brought in`,
    );
    await dialog.getByRole("button", { name: "Start backfill" }).click();

    const progress = row.getByTestId("backfill-progress");
    await expect(progress).toContainText(`applied up to ${BACKFILL_UP_TO}`);
    // The bar polls every 2 s; the scheduler picks the backfill up at the
    // next minute.
    await expect(
      progress,
      "backfill progress did not reach Completed on the schedule",
    ).toContainText("Completed", { timeout: SCHEDULED_WAIT_MS });
    await expect(progress.getByTestId("backfill-counts")).toHaveText(
      `${expected} of ${expected} processed`,
    );
    await expect(
      progress.getByRole("progressbar", { name: "Backfill progress" }),
    ).toBeVisible();
  });

  const applicant =
    await test.step("move a candidate into the stage", async () => {
      await waitForFirstPoll(page, REACT_JOB.id, SCHEDULED_WAIT_MS);
      const added = await addSandboxApplicant({
        jobId: REACT_JOB.id,
        firstName: CANDIDATE.firstName,
        surname: CANDIDATE.surname,
        email: CANDIDATE.email,
        statusId: START_STAGE_ID,
        resume: "sarah-johnson-senior-react-developer.pdf",
      });
      await moveSandboxPlacement(added.placementId, TRIGGER_STAGE.id);
      return added;
    });

  const activity =
    await test.step("wait for the scheduled write-back", async () => {
      const activities = await waitForValue(
        `Activity on Tracker candidate ${applicant.resourceId}`,
        () => sandboxActivitiesFor(applicant.resourceId),
        (list) => list.length > 0,
        { timeoutMs: SCHEDULED_WAIT_MS },
      );
      expect(activities, "Activities on the candidate").toHaveLength(1);
      return activities[0]!;
    });

  const reportUrl =
    await test.step("check the Activity in Tracker", async () => {
      expect(activity.subject).toMatch(
        new RegExp(
          `^AI screening by ${AGENT}: \\d+/100, (passed|did not pass)$`,
        ),
      );
      expect(activity.note).toContain(`Job: ${REACT_JOB.title}`);
      expect(activity.note).toMatch(
        /^Overall score: \d+\/100 \(passing score \d+\)$/m,
      );
      expect(activity.note).toMatch(
        /^Completed: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(America\/Los_Angeles\)$/m,
      );
      const link = activity.note.match(/^Report \(PDF\): (\S+)$/m)?.[1];
      expect(link, `report link in the note:\n${activity.note}`).toMatch(
        new RegExp(`^${baseURL}/report/[0-9a-f]+$`),
      );

      const documents = await sandboxDocumentsFor(applicant.resourceId);
      expect(documents, "PDFs uploaded to the candidate").toHaveLength(1);
      expect(documents[0]!.filename).toMatch(/^screening-report-.+\.pdf$/);
      const bytes = Buffer.from(documents[0]!.filecontent, "base64");
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      return link!;
    });

  await test.step("see the screening from the real resume", async () => {
    await openCandidate(page, CANDIDATE_NAME, CANDIDATE.email);
    const trackerActivity = page
      .locator("dt", { hasText: "Tracker activity" })
      .locator("xpath=following-sibling::dd");
    await expect(trackerActivity).toHaveText(String(activity.id));
    const evidence = page.getByRole("region", { name: "Step resume" });
    await expect(evidence).toContainText("React");
    await expect(evidence).toContainText("TypeScript");

    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline).toContainText(`entered “${TRIGGER_STAGE.name}”`);
    await expect(timeline).toContainText(
      `Written back to Tracker as activity ${activity.id}`,
    );
  });

  await test.step("see the runs in the sync history", async () => {
    const pulled = await findRunCandidateRow(page, "poll", CANDIDATE_NAME);
    await expect(pulled).toContainText(AGENT);
    const written = await findRunCandidateRow(
      page,
      "write_back",
      CANDIDATE_NAME,
    );
    await expect(written).toContainText(
      `Written back (activity ${activity.id})`,
    );
  });

  await test.step("open the report link signed out", async () => {
    const signedOut = await browser.newContext();
    const response = await signedOut.request.get(reportUrl);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    const body = await response.body();
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await signedOut.close();
  });

  await test.step("still exactly one Activity", async () => {
    const activities = await sandboxActivitiesFor(applicant.resourceId);
    expect(activities.map((each) => each.id)).toEqual([activity.id]);
  });
});
