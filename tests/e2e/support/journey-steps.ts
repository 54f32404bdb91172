import { expect, type APIRequestContext, type Page } from "@playwright/test";

import { JOURNEY_ACCESS_TOKEN } from "./journey-database";

import { signIn } from "./auth";
import { waitForValue } from "./journey-sandbox";
import { JOURNEY_ADMIN } from "./journey-seed";

/** Steps a recruiter clicks through in every journey. */

/**
 * Tracker stage the journeys map. Other specs map it only on job 1027,
 * which no journey uses, so their workspaces never pull a journey's
 * candidate.
 */
export const TRIGGER_STAGE = { id: 18, name: "Client Review" };

/** The seeded status a new applicant starts in before the move. */
export const START_STAGE_ID = 3;

// Pause between the journeys' own cron calls. Each sync call crawls every
// placement page, and the sandbox allows 100 Tracker requests a minute per
// access token.
const CRON_CALL_INTERVAL_MS = 8_000;

// Matches CRON_SECRET in scripts/e2e-server.ts.
const CRON_SECRET = "e2e-cron-secret";

/** A suffix that keeps names unique when a server is reused between runs. */
export const RUN_ID = Date.now().toString(36);

export async function signInJourneyAdmin(page: Page) {
  await signIn(page, JOURNEY_ADMIN);
}

/** Connects the journey workspace to its own sandbox database once. */
export async function ensureTrackerConnected(page: Page) {
  await page.goto("/integrations");
  const form = page.getByRole("form", { name: "Connect Tracker" });
  if (await form.isVisible()) {
    await form.getByLabel("Access Token").fill(JOURNEY_ACCESS_TOKEN);
    await form.getByLabel("Region").selectOption("Sandbox");
    await form.getByRole("button", { name: "Connect" }).click();
    await expect(
      page.getByTestId("connection-notice"),
      "connect Tracker: no notice after Connect",
    ).toContainText("Tracker accepted the access token");
  }
  await expect(
    page.getByTestId("connection-state"),
    "connect Tracker: the workspace is not connected",
  ).toHaveText("Connected");
}

/**
 * Creates an agent with exactly the given workflow steps (their labels in
 * the agent form) and returns its page's path.
 */
export async function createAgent(
  page: Page,
  agent: { name: string; steps: string[]; jobDescription: string },
): Promise<string> {
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(agent.name);
  const workflow = page.getByRole("group", { name: "Workflow steps" });
  for (const label of [
    "Resume review",
    "Screening form",
    "SMS interview",
    "Voice interview",
  ]) {
    const box = workflow.getByLabel(label);
    if (agent.steps.includes(label)) await box.check();
    else await box.uncheck();
  }
  await page.getByLabel("Job description").fill(agent.jobDescription);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(
    page.getByRole("heading", { name: agent.name }),
    `create agent "${agent.name}": its page did not open`,
  ).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Maps a Tracker job to the open agent with the journeys' trigger stage. */
export async function mapJob(page: Page, jobId: number, jobTitle: string) {
  const form = page.getByRole("form", { name: "Add job mapping" });
  await form.getByLabel("Tracker Job ID").fill(String(jobId));
  await expect(
    form.getByTestId("job-check"),
    `map job ${jobId}: the live job check did not find it`,
  ).toContainText(jobTitle);
  await form
    .getByLabel("Get candidates if they move to")
    .selectOption({ label: TRIGGER_STAGE.name });
  await form.getByRole("button", { name: "Map job" }).click();
  const row = page.getByTestId(`mapping-${jobId}-${TRIGGER_STAGE.id}`);
  await expect(row, `map job ${jobId}: no mapping row appeared`).toContainText(
    TRIGGER_STAGE.name,
  );
  return row;
}

/**
 * Calls a cron route the way the embedded scheduler does. The journeys
 * that do not test the schedule use it to avoid waiting for the minute.
 */
export async function runCronRoute(
  request: APIRequestContext,
  path: "/api/cron/sync" | "/api/cron/write-back",
) {
  const response = await request.get(path, {
    headers: { authorization: `Bearer ${CRON_SECRET}` },
    timeout: 90_000,
  });
  expect(
    response.status(),
    `cron ${path} failed: ${await response.text()}`,
  ).toBe(200);
}

/** Opens a candidate's screening page from the candidates search. */
export async function openCandidate(page: Page, name: string, email: string) {
  await page.goto("/candidates");
  await page.getByLabel("Name or email").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  const rows = page.getByTestId("candidate-row");
  await expect(rows, `candidates search for ${email}`).toHaveCount(1);
  await rows.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/**
 * Calls a cron route, then reads, until `done` accepts what was read or
 * `timeoutMs` passes.
 */
export function runCronUntil<T>(
  request: APIRequestContext,
  path: "/api/cron/sync" | "/api/cron/write-back",
  step: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  return waitForValue(
    step,
    async () => {
      await runCronRoute(request, path);
      return read();
    },
    done,
    { timeoutMs, intervalMs: CRON_CALL_INTERVAL_MS },
  );
}

/**
 * Opens, newest first, the sync runs of one kind until one lists the
 * candidate, and returns that candidate's row on the run page.
 */
export async function findRunCandidateRow(
  page: Page,
  kind: "poll" | "backfill" | "intake" | "write_back",
  candidateName: string,
) {
  await page.goto(`/sync-history?kind=${kind}`);
  const runLinks = page.getByTestId("sync-run-row").getByRole("link");
  await expect(
    runLinks.first(),
    `sync history has no ${kind} run`,
  ).toBeVisible();
  const hrefs = await runLinks.evaluateAll((links) =>
    links.map((link) => link.getAttribute("href")!),
  );
  for (const href of hrefs) {
    await page.goto(href);
    const row = page
      .getByTestId("run-candidate-row")
      .filter({ hasText: candidateName });
    if ((await row.count()) > 0) return row;
  }
  throw new Error(
    `sync history: none of the ${hrefs.length} ${kind} runs lists ${candidateName}`,
  );
}

/**
 * Waits until a finished poll has read the newly mapped job. A mapping
 * pulls no candidate until one full crawl has recorded which stage each of
 * its placements is in, so a candidate moved before that is treated as
 * already in the stage, and only a backfill brings them in. With
 * `request`, the sync cron route is called between reads instead of
 * waiting for the scheduler.
 */
export async function waitForFirstPoll(
  page: Page,
  jobId: number,
  timeoutMs: number,
  request?: APIRequestContext,
) {
  const polls = page.getByTestId("sync-run-row");
  await waitForValue(
    `first finished poll of job ${jobId} in /sync-history`,
    async () => {
      if (request) await runCronRoute(request, "/api/cron/sync");
      await page.goto(`/sync-history?kind=poll&status=succeeded&job=${jobId}`);
      return polls.count();
    },
    (count) => count > 0,
    { timeoutMs, intervalMs: request ? CRON_CALL_INTERVAL_MS : 5_000 },
  );
}
