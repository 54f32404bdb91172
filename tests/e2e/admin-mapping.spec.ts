import { expect, test, type Page } from "@playwright/test";

import { utcToLocal } from "@/lib/tracker/local-time";
import {
  DEMO_ACCESS_TOKEN,
  buildDefaultSeeds,
} from "@/lib/tracker-sandbox/seed/demo-seed";

import { ADMIN, signIn } from "./support/auth";

// The steps share agents and mappings, so they run in order.
test.describe.configure({ mode: "serial" });

const RUN = Date.now().toString(36);
const FIRST_AGENT = `Mapping first ${RUN}`;
const SECOND_AGENT = `Mapping second ${RUN}`;
const SANDBOX_ZONE = "America/Los_Angeles";

/** Placements of a job in the seeded sandbox database "demo". */
function seededCount(jobId: number, upToDate?: string): number {
  const demo = buildDefaultSeeds().find((seed) => seed.name === "demo")!;
  return demo.placements.filter((placement) => {
    if (placement.jobId !== jobId) return false;
    if (!upToDate) return true;
    const day = utcToLocal(new Date(placement.createdAt!), SANDBOX_ZONE);
    return day.slice(0, 10) <= upToDate;
  }).length;
}

async function ensureConnected(page: Page) {
  await page.goto("/integrations");
  const form = page.getByRole("form", { name: "Connect Tracker" });
  if (await form.isVisible()) {
    await form.getByLabel("Access Token").fill(DEMO_ACCESS_TOKEN);
    await form.getByLabel("Region").selectOption("Sandbox");
    await form.getByRole("button", { name: "Connect" }).click();
    await expect(page.getByTestId("connection-notice")).toBeVisible();
  }
}

async function createAgent(page: Page, name: string) {
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("SMS interview").check();
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return page.url();
}

async function openAgent(page: Page, name: string) {
  await page.goto("/agents");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

function addForm(page: Page) {
  return page.getByRole("form", { name: "Add job mapping" });
}

async function mapJob(page: Page, jobId: string, stage: string) {
  const form = addForm(page);
  await form.getByLabel("Tracker Job ID").fill(jobId);
  await expect(form.getByTestId("job-check")).toBeVisible();
  await form.getByLabel("Get candidates if they move to").selectOption({
    label: stage,
  });
  await form.getByRole("button", { name: "Map job" }).click();
  return form;
}

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN);
});

test("agents are created and listed", async ({ page }) => {
  await ensureConnected(page);
  await createAgent(page, FIRST_AGENT);
  await createAgent(page, SECOND_AGENT);
  await page.goto("/agents");
  const table = page.getByRole("table", { name: "Agents" });
  await expect(table).toContainText(FIRST_AGENT);
  await expect(table).toContainText("Resume review → SMS interview");
});

test("duplicate agent name is rejected", async ({ page }) => {
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(FIRST_AGENT.toUpperCase());
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(
    page.getByText(/already the name of another agent/),
  ).toBeVisible();
});

test("job is checked live and mapped", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  const form = addForm(page);
  await form.getByLabel("Tracker Job ID").fill("1026");
  await expect(form.getByTestId("job-check")).toContainText(
    "Senior React Developer",
  );
  const stage = form.getByLabel("Get candidates if they move to");
  await expect(stage.locator("optgroup[label='Shortlisted']")).toHaveCount(1);
  await expect(form).toContainText("Tracker's broad categories");

  await stage.selectOption({ label: "Shortlisted" });
  await form.getByRole("button", { name: "Map job" }).click();
  const row = page.getByTestId("mapping-1026-4");
  await expect(row).toContainText("Shortlisted › Shortlisted");
  // The action's own render comes before any scheduled sync can finish.
  await expect(row.getByTestId("baseline-pending")).toContainText(
    "Waiting for the first sync",
  );
});

test("unknown and non-numeric job IDs are rejected", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  const form = addForm(page);
  await form.getByLabel("Tracker Job ID").fill("999999");
  await expect(form.getByText(/Job 999999 was not found/)).toBeVisible();

  await form.getByLabel("Tracker Job ID").fill("12ab");
  await expect(form.getByText(/contains digits only/)).toBeVisible();
});

test("closed job needs map anyway", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  const form = addForm(page);
  await form.getByLabel("Tracker Job ID").fill("1029");
  await expect(form.getByTestId("job-check")).toContainText("(closed)");
  await form.getByLabel("Get candidates if they move to").selectOption({
    label: "Phone Screen",
  });
  await form.getByRole("button", { name: "Map job" }).click();
  await expect(
    form.getByText(/Job 1029 .* is closed in Tracker/),
  ).toBeVisible();
  await form.getByLabel(/Map anyway/).check();
  await form.getByRole("button", { name: "Map job" }).click();
  await expect(page.getByTestId("mapping-1029-17")).toBeVisible();
});

test("clash names the agent holding the pair", async ({ page }) => {
  await openAgent(page, SECOND_AGENT);
  const form = await mapJob(page, "1026", "Shortlisted");
  await expect(form.getByText(`agent “${FIRST_AGENT}”`)).toBeVisible();
});

test("remap changes the job and says so", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  await page
    .getByTestId("mapping-1029-17")
    .getByRole("button", { name: "Remap" })
    .click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("resets the stage baseline");
  await dialog.getByLabel("Tracker Job ID").fill("1028");
  await expect(dialog.getByTestId("job-check")).toContainText("Data Scientist");
  await dialog.getByRole("button", { name: "Save remap" }).click();
  await expect(page.getByTestId("mapping-1028-17")).toContainText(
    "Data Scientist",
  );
  await expect(page.getByTestId("mapping-1029-17")).toHaveCount(0);
});

test("remove stops the mapping", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  await page
    .getByTestId("mapping-1028-17")
    .getByRole("button", { name: "Remove" })
    .click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("No new candidates are pulled");
  await expect(dialog).toContainText("Screenings already started continue");
  await dialog.getByRole("button", { name: "Remove mapping" }).click();
  await expect(page.getByTestId("mapping-1028-17")).toHaveCount(0);
});

test("backfill preview without a date", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  await page
    .getByTestId("mapping-1026-4")
    .getByRole("button", { name: "Backfill" })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Preview count" }).click();
  await expect(dialog.getByTestId("backfill-preview")).toContainText(
    `${seededCount(1026)} candidate(s) would be brought in`,
  );
});

test("backfill preview with a date", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  await page
    .getByTestId("mapping-1026-4")
    .getByRole("button", { name: "Backfill" })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Include applications up to").fill("2026-09-04");
  await dialog.getByRole("button", { name: "Preview count" }).click();
  await expect(dialog.getByTestId("backfill-preview")).toContainText(
    `${seededCount(1026, "2026-09-04")} candidate(s) would be brought in`,
  );
});

test("backfill rejects a future date", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  await page
    .getByTestId("mapping-1026-4")
    .getByRole("button", { name: "Backfill" })
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Include applications up to").fill("2999-01-01");
  await dialog.getByRole("button", { name: "Preview count" }).click();
  await expect(dialog.getByText(/is after today/)).toBeVisible();
  await expect(
    dialog.getByRole("button", { name: "Start backfill" }),
  ).toBeDisabled();
});

test("backfill starts, survives reload, cancels", async ({ page }) => {
  await openAgent(page, FIRST_AGENT);
  const row = page.getByTestId("mapping-1026-4");
  await row.getByRole("button", { name: "Backfill" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Preview count" }).click();
  await expect(dialog.getByTestId("backfill-preview")).toBeVisible();
  await dialog.getByRole("button", { name: "Start backfill" }).click();

  const progress = row.getByTestId("backfill-progress");
  await expect(progress).toContainText(`of ${seededCount(1026)} processed`);
  await page.reload();
  await expect(progress).toContainText(`of ${seededCount(1026)} processed`);

  // The e2e server runs the sync scheduler, which may finish a backfill
  // this small before the click. The integration tests cover cancelling
  // without that race.
  const cancel = progress.getByRole("button", { name: "Cancel backfill" });
  if (await cancel.isVisible()) {
    await cancel.click();
    await expect(progress).toContainText(/Cancelled|Completed/);
  } else {
    await expect(progress).toContainText(/Running|Completed/);
  }
});
