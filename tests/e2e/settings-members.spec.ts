import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { ADMIN, VIEWER, formAlert, signIn } from "./support/auth";

test.describe.configure({ mode: "serial" });

// Unique per run, because the e2e server keeps its database between runs
// when Playwright reuses a server that is already up.
const NEW_MEMBER = {
  email: `new-recruiter-${Date.now().toString(36)}@demo.test`,
  name: "Nia Newcomer",
};
const NEW_PASSWORD = "nia-chose-this-password";

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) =>
      ["serious", "critical"].includes(violation.impact ?? ""),
    )
    .map((violation) => `${violation.id}: ${violation.help}`);
  expect(serious).toEqual([]);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

function memberRow(page: Page, email: string) {
  return page.getByTestId("member-row").filter({ hasText: email });
}

test("added recruiter signs in and changes password", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const add = page.getByRole("form", { name: "Add member" });
  await add.getByLabel("Email").fill(`  ${NEW_MEMBER.email.toUpperCase()} `);
  await add.getByLabel("Name").fill(NEW_MEMBER.name);
  await add.getByLabel("Role").selectOption({ label: "Recruiter" });
  await add.getByRole("button", { name: "Add member" }).click();

  const notice = page.getByTestId("member-added");
  await expect(notice).toContainText(`${NEW_MEMBER.email} was added`);
  await expect(notice).toContainText("shown only once");
  await expect(notice).toContainText("Pass it on privately");
  const initialPassword = (
    await page.getByTestId("initial-password").textContent()
  )?.trim();
  expect(initialPassword?.length).toBeGreaterThanOrEqual(16);

  const row = memberRow(page, NEW_MEMBER.email);
  await expect(row).toContainText(NEW_MEMBER.name);
  await expect(row.getByLabel(`Role of ${NEW_MEMBER.email}`)).toHaveValue(
    "recruiter",
  );
  await expectNoSeriousAxeViolations(page);

  // After a reload the page no longer shows the password.
  await page.reload();
  await expect(page.getByTestId("initial-password")).toHaveCount(0);
  await signOut(page);

  await signIn(page, { email: NEW_MEMBER.email, password: initialPassword! });
  await expect(page.getByTestId("signed-in-user")).toContainText("recruiter");
  await page
    .getByTestId("signed-in-user")
    .getByRole("link", { name: "Your account" })
    .click();
  await expect(page).toHaveURL(/\/account$/);
  const account = page.getByRole("form", { name: "Change password" });
  await account.getByLabel("Current password").fill(initialPassword!);
  await account.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await account.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await account.getByRole("button", { name: "Change password" }).click();
  await expect(account.getByRole("status")).toContainText(
    "Your password was changed",
  );
  await signOut(page);

  await page.getByLabel("Email").fill(NEW_MEMBER.email);
  await page.getByLabel("Password").fill(initialPassword!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toContainText("Wrong email or password");

  await signIn(page, { email: NEW_MEMBER.email, password: NEW_PASSWORD });
  await expect(page.getByTestId("signed-in-user")).toContainText(
    NEW_MEMBER.email,
  );
});

test("wrong current password changes nothing", async ({ page }) => {
  await signIn(page, { email: NEW_MEMBER.email, password: NEW_PASSWORD });
  await page.goto("/account");
  const account = page.getByRole("form", { name: "Change password" });
  await account.getByLabel("Current password").fill("not-my-password");
  await account
    .getByLabel("New password", { exact: true })
    .fill("another-new-password");
  await account.getByLabel("Confirm new password").fill("another-new-password");
  await account.getByRole("button", { name: "Change password" }).click();
  await expect(formAlert(page)).toContainText("current password is wrong");
  await signOut(page);

  await signIn(page, { email: NEW_MEMBER.email, password: NEW_PASSWORD });
});

test("last admin keeps the admin role", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const own = memberRow(page, ADMIN.email);
  await expect(own).toContainText("To leave, ask another admin");
  await expect(own.getByRole("button", { name: /Remove/ })).toHaveCount(0);

  await own.getByLabel(`Role of ${ADMIN.email}`).selectOption("viewer");
  await own.getByRole("button", { name: "Save role" }).click();
  await expect(own.getByRole("alert")).toContainText(
    "only admin of this workspace",
  );
  await page.reload();
  await expect(
    memberRow(page, ADMIN.email).getByLabel(`Role of ${ADMIN.email}`),
  ).toHaveValue("admin");
});

test("admin removes a member after confirming", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings");
  const row = memberRow(page, NEW_MEMBER.email);
  await row.getByRole("button", { name: `Remove ${NEW_MEMBER.email}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Remove ${NEW_MEMBER.name}`);
  await dialog.getByRole("button", { name: "Keep member" }).click();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: `Remove ${NEW_MEMBER.email}` }).click();
  await dialog.getByRole("button", { name: "Remove member" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveCount(0);
});

test("removed member is told there is no workspace", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(NEW_MEMBER.email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/no-workspace$/);
  await expect(
    page.getByRole("heading", { name: "No workspace yet" }),
  ).toBeVisible();
  await expect(
    page.getByText(`signed in as ${NEW_MEMBER.email}`),
  ).toBeVisible();

  // The sign-in page and app pages lead back here instead of looping.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/no-workspace$/);
  await page.goto("/candidates");
  await expect(page).toHaveURL(/\/no-workspace$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("viewer posting add member is rejected", async ({ browser }) => {
  const adminPage = await browser.newPage();
  await signIn(adminPage, ADMIN);
  await adminPage.goto("/settings");

  // Capture the admin's add-member request and abort it before it reaches
  // the server, so the viewer can send the same request with their session.
  let captured:
    { url: string; headers: Record<string, string>; body: string } | undefined;
  await adminPage.route("**/settings", async (route) => {
    const request = route.request();
    const actionId = request.headers()["next-action"];
    if (request.method() !== "POST" || !actionId) return route.continue();
    captured = {
      url: request.url(),
      headers: {
        "next-action": actionId,
        "content-type": request.headers()["content-type"] ?? "text/plain",
        accept: "text/x-component",
      },
      body: request.postData() ?? "",
    };
    return route.abort();
  });
  const email = `posted-by-viewer-${Date.now().toString(36)}@demo.test`;
  const add = adminPage.getByRole("form", { name: "Add member" });
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Name").fill("Posted By Viewer");
  await add.getByLabel("Role").selectOption("admin");
  await add.getByRole("button", { name: "Add member" }).click();
  await expect.poll(() => captured).toBeDefined();
  await adminPage.unrouteAll({ behavior: "ignoreErrors" });

  const viewerPage = await browser.newPage();
  await signIn(viewerPage, VIEWER);
  const response = await viewerPage.request.post(captured!.url, {
    headers: captured!.headers,
    data: captured!.body,
  });
  expect(await response.text()).toContain("your role is viewer");

  await adminPage.reload();
  await expect(memberRow(adminPage, email)).toHaveCount(0);
});

test("viewer has an account page, not Settings", async ({ page }) => {
  await signIn(page, VIEWER);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/forbidden\?needs=admin/);
  await expect(formAlert(page)).toContainText("your role is viewer");

  await page.goto("/account");
  await expect(
    page.getByRole("heading", { name: "Your account" }),
  ).toBeVisible();
  await expect(page.getByText("with the viewer role")).toBeVisible();
  await expect(
    page.getByRole("form", { name: "Change password" }),
  ).toBeVisible();
  await expect(page.getByRole("form", { name: "Add member" })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
});
