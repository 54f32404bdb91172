import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { signIn } from "./support/auth";
import { OTHER_ADMIN } from "./support/seed";
import { VIEWS_ADMIN, VIEWS_SEED, VIEWS_VIEWER } from "./support/seed-views";

/**
 * The recruiter views against the runs and screenings seeded by
 * seedViewsWorkspace: sync history, a run's page, candidates, a
 * candidate's timeline and the sidebar health block.
 */

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) =>
      ["serious", "critical"].includes(violation.impact ?? ""),
    )
    .map((violation) => `${violation.id}: ${violation.help}`);
  expect(serious).toEqual([]);
}

function runRows(page: Page) {
  return page.getByTestId("sync-run-row");
}

async function openWriteBackRun(page: Page) {
  await page.goto("/sync-history?status=failed");
  await expect(runRows(page)).toHaveCount(1);
  await runRows(page).getByRole("link", { name: "Write-back" }).click();
  await expect(
    page.getByRole("heading", { name: "Write-back run" }),
  ).toBeVisible();
}

const failedName = `${VIEWS_SEED.failedCandidate.firstName} ${VIEWS_SEED.failedCandidate.lastName}`;
const writtenName = `${VIEWS_SEED.writtenCandidate.firstName} ${VIEWS_SEED.writtenCandidate.lastName}`;

test.describe("views as a viewer", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, VIEWS_VIEWER);
  });

  test("sync history lists runs and filters", async ({ page }) => {
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Sync history" })
      .click();
    await expect(
      page.getByRole("heading", { name: "Sync history" }),
    ).toBeVisible();
    await expect(runRows(page)).toHaveCount(4);
    await expect(runRows(page).first()).toContainText("Running");
    await expect(
      page.getByRole("heading", { name: "Candidates per day" }),
    ).toBeVisible();

    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=failed/);
    await expect(runRows(page)).toHaveCount(1);
    await expect(runRows(page)).toContainText("Failed");
    await expectNoSeriousAxeViolations(page);
  });

  test("runs table polls for live updates", async ({ page }) => {
    await page.goto("/sync-history");
    await expect(runRows(page).first()).toContainText("Running");
    // The newest page re-reads the route while runs may still change.
    const poll = await page.waitForResponse(
      (response) =>
        response.url().includes("/api/sync-runs") && response.status() === 200,
      { timeout: 15_000 },
    );
    const body = (await poll.json()) as { runs: { status: string }[] };
    expect(body.runs).toHaveLength(4);
    expect(body.runs[0]?.status).toBe("running");
  });

  test("run page explains a failure without retry", async ({ page }) => {
    await openWriteBackRun(page);
    const row = page
      .getByTestId("run-candidate-row")
      .filter({ hasText: failedName });
    await expect(row).toContainText("Write-back failed");
    await expect(row).toContainText("could not be reached");
    await expect(row.getByRole("button", { name: /Retry/ })).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);
  });

  test("candidates search and timeline", async ({ page }) => {
    await page.goto("/candidates");
    await expect(page.getByTestId("candidate-row")).toHaveCount(4);
    await expectNoSeriousAxeViolations(page);

    await page.getByLabel("Name or email").fill("wendy");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("candidate-row")).toHaveCount(1);
    await page.getByRole("link", { name: writtenName }).click();

    await expect(
      page.getByRole("heading", { name: writtenName }),
    ).toBeVisible();
    const timeline = page.getByRole("list", { name: "Timeline" });
    await expect(timeline).toContainText("entered “Phone screen”");
    await expect(timeline).toContainText(
      `Written back to Tracker as activity ${VIEWS_SEED.activityId}`,
    );
    await expect(
      page.getByText("Held a counterbalance forklift licence"),
    ).toBeVisible();
    await expect(
      page.getByRole("link", { name: "Open the PDF report" }),
    ).toHaveAttribute("href", /^\/report\/[0-9a-f]+$/);
    await expectNoSeriousAxeViolations(page);
  });

  test("sidebar shows the connection problem", async ({ page }) => {
    const block = page.getByTestId("sidebar-health");
    await expect(block).toContainText("Tracker needs a new token");
  });
});

test.describe("views as an admin", () => {
  test("retries a failed write-back from the run page", async ({ page }) => {
    await signIn(page, VIEWS_ADMIN);
    await openWriteBackRun(page);
    const row = page
      .getByTestId("run-candidate-row")
      .filter({ hasText: failedName });
    await row
      .getByRole("button", { name: `Retry write-back for ${failedName}` })
      .click();
    // The action revalidates the page, which then shows the queued retry
    // in place of the button.
    await expect(row).toContainText("A retry is queued.");
    await expect(row.getByRole("button", { name: /Retry/ })).toHaveCount(0);

    await page.reload();
    const after = page
      .getByTestId("run-candidate-row")
      .filter({ hasText: failedName });
    await expect(after).toContainText("A retry is queued.");
    await expect(after.getByRole("button", { name: /Retry/ })).toHaveCount(0);
  });
});

test.describe("views from another workspace", () => {
  test("shows none of the seeded data", async ({ page }) => {
    await signIn(page, OTHER_ADMIN);
    await page.goto("/sync-history");
    await expect(
      page.getByText("No sync runs match these filters."),
    ).toBeVisible();
    await page.goto("/candidates");
    await expect(page.getByText("No candidates match.")).toBeVisible();

    const response = await page.request.get("/api/sync-runs");
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { runs: unknown[] };
    expect(body.runs).toEqual([]);
  });

  test("cannot open a run by its address", async ({ browser }) => {
    const owner = await browser.newPage();
    await signIn(owner, VIEWS_VIEWER);
    await openWriteBackRun(owner);
    const runUrl = owner.url();
    await owner.close();

    const other = await browser.newPage();
    await signIn(other, OTHER_ADMIN);
    const response = await other.goto(runUrl);
    expect(response?.status()).toBe(404);
    await other.close();
  });
});

test("sync runs route rejects a signed-out request", async ({ request }) => {
  const response = await request.get("/api/sync-runs");
  expect(response.status()).toBe(401);
});
