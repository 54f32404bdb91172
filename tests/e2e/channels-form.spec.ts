import AxeBuilder from "@axe-core/playwright";
import { devices, expect, test, type Page } from "@playwright/test";

import { ADMIN, signIn } from "./support/auth";
import {
  CHANNELS_CANDIDATE,
  CHANNELS_REPORT_TOKEN,
} from "./support/seed-channels";

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help}`,
  );
  expect(found).toEqual([]);
}

// The outbox is a development tool; the e2e server must run with
// DEV_TOOLS=1 because it serves a production build.
test.describe("candidate form", () => {
  test("candidate answers the form on a phone", async ({ browser, page }) => {
    await signIn(page, ADMIN);
    const outbox = await page.goto("/dev/outbox");
    expect(
      outbox?.status(),
      "/dev/outbox needs DEV_TOOLS=1 in the e2e server's environment",
    ).toBe(200);
    await expect(
      page.getByRole("note").getByText("Development tools."),
    ).toBeVisible();

    const invitation = page
      .getByTestId("outbox-message")
      .filter({ hasText: CHANNELS_CANDIDATE.email });
    await expect(invitation).toHaveCount(1);
    const href = await invitation
      .getByRole("link", { name: /\/form\// })
      .getAttribute("href");
    // The seed ran before the server had its port, so keep only the path.
    const formPath = new URL(href!).pathname;

    // Before the candidate answers there is no report.
    const early = await page.request.get(`/report/${CHANNELS_REPORT_TOKEN}`);
    expect(early.status()).toBe(404);

    const phone = await browser.newContext({ ...devices["Pixel 7"] });
    const candidate = await phone.newPage();
    await candidate.goto(formPath);
    await expect(
      candidate.getByRole("heading", { name: "Support Engineer" }),
    ).toBeVisible();

    await expectNoAxeViolations(candidate);

    // Submitting empty shows errors tied to their fields.
    await candidate.getByRole("button", { name: "Send answers" }).click();
    const years = candidate.getByLabel(/How many years of support/);
    await expect(years).toHaveAttribute("aria-invalid", "true");
    await expect(candidate.getByText("Enter a number.").first()).toBeVisible();
    await expectNoAxeViolations(candidate);

    // Radio groups work from the keyboard: arrow keys move the choice.
    const authorization = candidate.getByRole("group", {
      name: /authorized to work/,
    });
    await authorization.getByLabel("No").focus();
    await candidate.keyboard.press("ArrowUp");
    await expect(authorization.getByLabel("Yes")).toBeChecked();

    await years.fill("4");
    await years.press("Tab");
    await expect(candidate.locator("#q-years-experience-status")).toHaveText(
      "Saved",
    );
    await candidate
      .getByRole("group", { name: /Which shift/ })
      .getByLabel("Evening")
      .check();
    await candidate
      .getByLabel(/hard support ticket/)
      .fill("A customer lost their invoices; I restored them from backup.");

    // Answers survive a reload because each one is saved as it is given.
    await candidate.reload();
    await expect(candidate.getByLabel(/How many years of support/)).toHaveValue(
      "4",
    );
    await expect(
      candidate
        .getByRole("group", { name: /Which shift/ })
        .getByLabel("Evening"),
    ).toBeChecked();
    await candidate
      .getByLabel(/hard support ticket/)
      .fill("A customer lost their invoices; I restored them from backup.");

    await candidate.getByRole("button", { name: "Send answers" }).click();
    await expect(
      candidate.getByRole("heading", { name: "Thank you" }),
    ).toBeVisible();

    // The scored screening's report now opens without sign-in.
    const report = await candidate.request.get(
      `/report/${CHANNELS_REPORT_TOKEN}`,
    );
    expect(report.status()).toBe(200);
    expect(report.headers()["content-type"]).toBe("application/pdf");

    // The link cannot be answered twice.
    await candidate.goto(formPath);
    await expect(
      candidate.getByRole("heading", { name: "Thank you" }),
    ).toBeVisible();
    await phone.close();
  });
});
