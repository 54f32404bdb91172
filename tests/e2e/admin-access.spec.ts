import {
  expect,
  test,
  type APIRequestContext,
  type Page,
  type Request,
} from "@playwright/test";

import { DEMO_ACCESS_TOKEN } from "@/lib/tracker-sandbox/seed/demo-seed";

import { ADMIN, VIEWER, signIn } from "./support/auth";
import { OTHER_ADMIN } from "./support/seed";

test.describe.configure({ mode: "serial" });

const AGENT = `Access agent ${Date.now().toString(36)}`;

type CapturedAction = {
  url: string;
  headers: Record<string, string>;
  body: string;
};

/**
 * Intercepts the page's next server action request and aborts it before
 * it reaches the server. Returns what was sent, so another user can replay
 * the same request with their own session.
 */
async function captureAction(
  page: Page,
  trigger: () => Promise<void>,
): Promise<CapturedAction> {
  let captured: CapturedAction | undefined;
  await page.route("**/*", async (route) => {
    const request: Request = route.request();
    const actionId = request.headers()["next-action"];
    if (request.method() === "POST" && actionId && !captured) {
      captured = {
        url: request.url(),
        headers: {
          "next-action": actionId,
          "content-type": request.headers()["content-type"] ?? "text/plain",
          accept: "text/x-component",
        },
        body: request.postData() ?? "",
      };
      await route.abort();
      return;
    }
    await route.continue();
  });
  await trigger();
  await expect.poll(() => captured).toBeDefined();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return captured!;
}

async function replay(request: APIRequestContext, action: CapturedAction) {
  const response = await request.post(action.url, {
    headers: action.headers,
    data: action.body,
  });
  return response.text();
}

async function ensureConnectedWithMapping(page: Page) {
  await page.goto("/integrations");
  const form = page.getByRole("form", { name: "Connect Tracker" });
  if (await form.isVisible()) {
    await form.getByLabel("Access Token").fill(DEMO_ACCESS_TOKEN);
    await form.getByLabel("Region").selectOption("Sandbox");
    await form.getByRole("button", { name: "Connect" }).click();
    await expect(page.getByTestId("connection-notice")).toBeVisible();
  }
  await page.goto("/agents/new");
  await page.getByLabel("Name").fill(AGENT);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("heading", { name: AGENT })).toBeVisible();
  const add = page.getByRole("form", { name: "Add job mapping" });
  await add.getByLabel("Tracker Job ID").fill("1027");
  await expect(add.getByTestId("job-check")).toBeVisible();
  await add
    .getByLabel("Get candidates if they move to")
    .selectOption({ label: "Client Review" });
  await add.getByRole("button", { name: "Map job" }).click();
  await expect(page.getByTestId("mapping-1027-18")).toBeVisible();
  return page.url();
}

test("viewer sees read-only pages", async ({ browser }) => {
  const adminPage = await browser.newPage();
  await signIn(adminPage, ADMIN);
  const agentUrl = await ensureConnectedWithMapping(adminPage);

  const page = await browser.newPage();
  await signIn(page, VIEWER);
  await page.goto("/integrations");
  await expect(
    page.getByText(/only a workspace admin can connect/),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Replace token" })).toHaveCount(
    0,
  );

  await page.goto("/agents");
  await expect(page.getByRole("link", { name: "New agent" })).toHaveCount(0);
  await page.goto(agentUrl);
  await expect(page.getByLabel("Name")).toBeDisabled();
  await expect(page.getByTestId("mapping-1027-18")).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Backfill" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add job mapping" })).toHaveCount(
    0,
  );
});

test("viewer replaying each action is rejected", async ({ browser }) => {
  const adminPage = await browser.newPage();
  await signIn(adminPage, ADMIN);
  await adminPage.goto("/agents");
  await adminPage.getByRole("link", { name: AGENT }).click();
  const row = adminPage.getByTestId("mapping-1027-18");

  const captured: Record<string, CapturedAction> = {};
  captured.saveAgent = await captureAction(adminPage, () =>
    adminPage.getByRole("button", { name: "Save agent" }).click(),
  );
  captured.removeMapping = await captureAction(adminPage, async () => {
    await row.getByRole("button", { name: "Remove" }).click();
    await adminPage
      .getByRole("alertdialog")
      .getByRole("button", { name: "Remove mapping" })
      .click();
  });
  await adminPage.reload();
  await row.getByRole("button", { name: "Backfill" }).click();
  captured.previewBackfill = await captureAction(adminPage, () =>
    adminPage
      .getByRole("dialog")
      .getByRole("button", { name: "Preview count" })
      .click(),
  );
  await adminPage.goto("/integrations");
  captured.disconnect = await captureAction(adminPage, async () => {
    await adminPage.getByRole("button", { name: "Disconnect" }).click();
    await adminPage
      .getByRole("alertdialog")
      .getByRole("button", { name: "Disconnect" })
      .click();
  });

  const viewerPage = await browser.newPage();
  await signIn(viewerPage, VIEWER);
  for (const [name, action] of Object.entries(captured)) {
    const text = await replay(viewerPage.request, action);
    expect(text, name).toContain("your role is viewer");
  }

  await adminPage.goto("/integrations");
  await expect(adminPage.getByTestId("connection-state")).toHaveText(
    "Connected",
  );
  await adminPage.goto("/agents");
  await adminPage.getByRole("link", { name: AGENT }).click();
  await expect(adminPage.getByTestId("mapping-1027-18")).toBeVisible();
});

test("other workspace cannot reach the mapping", async ({ browser }) => {
  const adminPage = await browser.newPage();
  await signIn(adminPage, ADMIN);
  await adminPage.goto("/agents");
  await adminPage.getByRole("link", { name: AGENT }).click();
  const row = adminPage.getByTestId("mapping-1027-18");
  const removal = await captureAction(adminPage, async () => {
    await row.getByRole("button", { name: "Remove" }).click();
    await adminPage
      .getByRole("alertdialog")
      .getByRole("button", { name: "Remove mapping" })
      .click();
  });

  const otherPage = await browser.newPage();
  await signIn(otherPage, OTHER_ADMIN);
  const text = await replay(otherPage.request, removal);
  expect(text).toContain("not found in your workspace");

  const agentUrl = adminPage.url();
  await otherPage.goto(agentUrl);
  await expect(
    otherPage.getByText("This page could not be found."),
  ).toBeVisible();

  await adminPage.reload();
  await expect(adminPage.getByTestId("mapping-1027-18")).toBeVisible();
});

test("access token appears in no page or action reply", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    const request = response.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      bodies.push(await response.text().catch(() => ""));
    }
  });
  await signIn(page, ADMIN);
  await page.goto("/integrations");
  await page.getByRole("button", { name: "Replace token" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("New access token").fill(DEMO_ACCESS_TOKEN);
  await dialog.getByRole("button", { name: "Check and save" }).click();
  await expect(page.getByTestId("connection-notice")).toBeVisible();

  const pages = ["/integrations", "/agents"];
  await page.goto("/agents");
  await page.getByRole("link", { name: AGENT }).click();
  pages.push(new URL(page.url()).pathname);
  for (const path of pages) {
    const html = await (await page.request.get(path)).text();
    expect(html, path).not.toContain(DEMO_ACCESS_TOKEN);
  }
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(body).not.toContain(DEMO_ACCESS_TOKEN);
  }
});
