import { expect, type Page } from "@playwright/test";

import { DEMO_USERS } from "@/lib/demo/seed";

export const ADMIN = DEMO_USERS.find((user) => user.role === "admin")!;
export const VIEWER = DEMO_USERS.find((user) => user.role === "viewer")!;

export async function signIn(
  page: Page,
  user: { email: string; password: string },
) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(user.email);
}

/** The page's own alert; Next.js adds an empty route announcer alert too. */
export function formAlert(page: Page) {
  return page.locator('[data-slot="alert"]');
}
