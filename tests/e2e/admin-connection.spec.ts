import { expect, test, type Page } from "@playwright/test";

import { DEMO_ACCESS_TOKEN } from "@/lib/tracker-sandbox/seed/demo-seed";

import { ADMIN, signIn } from "./support/auth";

// One workspace connection is shared by every step, so they run in order.
test.describe.configure({ mode: "serial" });

const WRONG_TOKEN = "ffffffffffffffffffffffffffffffff";

async function fillConnectForm(
  page: Page,
  values: { token: string; version?: string; region?: string },
) {
  const form = page.getByRole("form", { name: "Connect Tracker" });
  await form.getByLabel("Access Token").fill(values.token);
  await form.getByLabel("API Version").fill(values.version ?? "1");
  await form.getByLabel("Region").selectOption(values.region ?? "Sandbox");
  await form.getByRole("button", { name: "Connect" }).click();
  return form;
}

async function disconnectIfConnected(page: Page) {
  const disconnect = page.getByRole("button", { name: "Disconnect" });
  if (await disconnect.isVisible()) {
    await disconnect.click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Disconnect" })
      .click();
    await expect(page.getByTestId("connection-state")).toHaveText(
      "Not connected",
    );
  }
}

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/integrations");
});

test("wrong token is rejected and nothing saved", async ({ page }) => {
  await disconnectIfConnected(page);
  const form = await fillConnectForm(page, { token: WRONG_TOKEN });
  await expect(form.getByText(/rejected this access token/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("connection-state")).toHaveText(
    "Not connected",
  );
});

test("API version not served is reported", async ({ page }) => {
  const form = await fillConnectForm(page, {
    token: DEMO_ACCESS_TOKEN,
    version: "2",
  });
  await expect(form.getByText(/does not serve API version 2/)).toBeVisible();
  await expect(page.getByTestId("connection-state")).toHaveText(
    "Not connected",
  );
});

test("short token is rejected before sending", async ({ page }) => {
  const form = await fillConnectForm(page, { token: "abc" });
  await expect(
    form.getByText(/too short for a Tracker access token/),
  ).toBeVisible();
});

test("good token connects and shows findings", async ({ page }) => {
  await fillConnectForm(page, { token: DEMO_ACCESS_TOKEN });
  const notice = page.getByTestId("connection-notice");
  await expect(notice).toContainText("Found 16 placement stages");
  await expect(notice).toContainText("America/Los_Angeles");
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");
  await expect(page.getByTestId("token-last4")).toHaveText("•••• cdef");
  await expect(page.getByLabel("Tracker database time zone")).toHaveValue(
    "America/Los_Angeles",
  );

  await page.reload();
  expect(await page.content()).not.toContain(DEMO_ACCESS_TOKEN);
});

test("time zone edit validates the name", async ({ page }) => {
  const field = page.getByLabel("Tracker database time zone");
  await field.fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/not an IANA time zone name/)).toBeVisible();

  await field.fill("America/Chicago");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Time zone saved.")).toBeVisible();
  await page.reload();
  await expect(field).toHaveValue("America/Chicago");
  await field.fill("America/Los_Angeles");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Time zone saved.")).toBeVisible();
});

test("replace token checks the new one first", async ({ page }) => {
  await page.getByRole("button", { name: "Replace token" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("if the check fails, nothing changes");
  await dialog.getByLabel("New access token").fill(WRONG_TOKEN);
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(dialog.getByText(/rejected this access token/)).toBeVisible();

  await dialog.getByLabel("New access token").fill(DEMO_ACCESS_TOKEN);
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(page.getByTestId("connection-notice")).toContainText(
    "Token replaced",
  );
});

test("disconnect states what happens, then reconnects", async ({ page }) => {
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Job mappings are paused, not deleted");
  await expect(dialog).toContainText("Screenings already in flight finish");
  await dialog.getByRole("button", { name: "Keep connected" }).click();
  await expect(page.getByTestId("connection-state")).toHaveText("Connected");

  await disconnectIfConnected(page);
  await expect(page.getByText(/Tracker was disconnected/)).toBeVisible();

  await fillConnectForm(page, { token: DEMO_ACCESS_TOKEN });
  await expect(page.getByTestId("connection-notice")).toContainText(
    "Connected: Tracker accepted the access token.",
  );
});

test("double-click connects once", async ({ page }) => {
  await disconnectIfConnected(page);
  const form = page.getByRole("form", { name: "Connect Tracker" });
  await form.getByLabel("Access Token").fill(DEMO_ACCESS_TOKEN);
  await form.getByLabel("Region").selectOption("Sandbox");
  const actions: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) {
      actions.push(request.url());
    }
  });
  await form.getByRole("button", { name: "Connect" }).dblclick();
  await expect(page.getByTestId("connection-notice")).toBeVisible();
  expect(actions).toHaveLength(1);
});
