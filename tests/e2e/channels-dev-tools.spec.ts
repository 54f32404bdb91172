import { expect, test } from "@playwright/test";

import { ADMIN, signIn } from "./support/auth";
import { SMS_CANDIDATE, VOICE_CANDIDATE } from "./support/seed-channels";

// Like the form journey, these pages need DEV_TOOLS=1 on the e2e server.
test.describe("development tools", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, ADMIN);
  });

  test("simulated phone completes the SMS questions", async ({ page }) => {
    const phone = SMS_CANDIDATE.mobilePhone;
    const response = await page.goto(
      `/dev/phone?number=${encodeURIComponent(phone)}`,
    );
    expect(response?.status()).toBe(200);
    const thread = page.getByTestId("phone-thread");
    await expect(thread).toContainText("Question 1 of 2");

    const reply = page.getByLabel(`Reply as ${phone}`);
    await reply.fill("Yes");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(thread).toContainText("Question 2 of 2");

    await reply.fill("7 years");
    await page.getByRole("button", { name: "Send" }).click();
    await expect(thread).toContainText("that was the last question");
  });

  test("simulator completes a voice interview", async ({ page }) => {
    const response = await page.goto("/dev/interviews");
    expect(response?.status()).toBe(200);
    await page
      .getByRole("link", { name: new RegExp(VOICE_CANDIDATE.lastName) })
      .click();
    await expect(
      page.getByRole("heading", { name: /Interview with Val Voice/ }),
    ).toBeVisible();

    await page.getByLabel(/relocate to Denver/).fill("Yes, gladly.");
    await page.getByRole("button", { name: "Complete interview" }).click();
    await expect(page.getByText("This interview is completed.")).toBeVisible();
  });
});
