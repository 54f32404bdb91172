import { expect, test } from "@playwright/test";

import { ADMIN, VIEWER, formAlert, signIn } from "./support/auth";

test.describe("sign-in", () => {
  test("admin reaches the app shell", async ({ page }) => {
    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/integrations$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Integrations", "Agents", "Sync history", "Settings"]) {
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    }
    await expect(page.getByTestId("workspace")).toHaveText("Demo Recruiting");

    await nav.getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  });

  test("viewer is refused an admin-only page", async ({ page }) => {
    await signIn(page, VIEWER);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/forbidden/);
    await expect(formAlert(page)).toContainText("your role is viewer");
  });

  test("wrong password shows a clear error", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Wrong email or password");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("invalid email is rejected before sending", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("x");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a full email address")).toBeVisible();
  });

  test("signed-out visitor is sent to sign-in", async ({ page }) => {
    await page.goto("/agents");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fagents/);
  });

  test("repeated failures lock the account for a while", async ({ page }) => {
    const email = "nobody-here@demo.test";
    await page.goto("/sign-in");
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong-${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toContainText("Wrong email or password");
    }
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong-again");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Too many failed sign-ins");
  });

  test("sign-out returns to sign-in", async ({ page }) => {
    await signIn(page, ADMIN);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/integrations");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
