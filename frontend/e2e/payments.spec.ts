import { expect, screenshot, signIn, signOut, test, unique } from "./fixtures";

test("a reseller records a payment for its client and voids it; the client sees both on its balance page", async ({ page }) => {
  const reference = unique("TRX");
  await signIn(page, "reseller@example.com");
  await page.goto("/users?search=client1");
  await page.getByRole("link", { name: "Carl Client" }).click();
  await page.getByTestId("billing-tab").click();
  const form = page.getByTestId("record-payment-form");
  // The billing tab's panels load one by one and move the button down as they grow: a click
  // that lands while it moves misses it, so click again until the form opens.
  await expect(async () => {
    await page.getByTestId("record-payment").click({ timeout: 2_000 });
    await expect(form).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await form.getByTestId("payment-amount").fill("10");
  await form.getByTestId("payment-reference").fill(reference);
  // Every payment request carries an Idempotency-Key.
  const sent = page.waitForRequest((request) => request.url().endsWith("/payments") && request.method() === "POST");
  await page.getByTestId("submit-payment").click();
  expect((await sent).headers()["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  await expect(form).toBeHidden();
  const row = page.getByTestId("payment-row").filter({ hasText: reference });
  await expect(row).toContainText("£10.00");
  await expect(row.getByTestId("payment-status")).toHaveText("completed");
  // The payment is a ledger credit.
  await expect(page.getByTestId("ledger-table").locator("tbody tr").filter({ hasText: "Payment" }).first()).toBeVisible();
  await screenshot(page, "reseller-client-payments");

  await row.getByTestId("void-payment").click();
  await page.getByTestId("reverse-reason").fill("Recorded twice by mistake");
  await page.getByTestId("submit-reverse").click();
  await expect(row.getByTestId("payment-status")).toHaveText("voided");
  await expect(row).toContainText("Recorded twice by mistake");

  await page.getByTestId("nav-payments").click();
  await expect(page.getByRole("heading", { name: "Payments" })).toBeVisible();
  await expect(page.getByTestId("payments-table")).toContainText(reference);
  await page.getByTestId("payment-status-filter").click();
  await page.getByRole("option", { name: "completed" }).click();
  await expect(page).toHaveURL(/status=completed/);
  await expect(page.getByTestId("payments-table").or(page.getByTestId("empty-state"))).not.toContainText(reference);

  await signOut(page);
  await signIn(page, "client1@example.com");
  await page.getByTestId("nav-balance").click();
  const mine = page.getByTestId("payments").getByTestId("payment-row").filter({ hasText: reference });
  await expect(mine.getByTestId("payment-status")).toHaveText("voided");
  // A client records, voids and refunds nothing.
  await expect(page.getByTestId("record-payment")).toHaveCount(0);
  await expect(mine.getByTestId("void-payment")).toHaveCount(0);
});

test("a reseller sets its invoicing profile and schedule", async ({ page }) => {
  const name = unique("Rita Telecom");
  await signIn(page, "reseller@example.com");
  await page.getByTestId("nav-invoicingProfile").click();
  await expect(page.getByRole("heading", { name: "Invoicing profile" })).toBeVisible();
  await page.getByTestId("profile-name").fill(name);
  await page.getByTestId("profile-autobill_cron").fill("55 0 1 * *");
  await page.getByTestId("save-invoicing-profile").click();
  await expect(page.getByText("Invoicing profile saved")).toBeVisible();
  await expect(page.getByTestId("autobill-next")).toContainText("Next scheduled run:");
  await page.reload();
  await expect(page.getByTestId("profile-name")).toHaveValue(name);
  await expect(page.getByTestId("profile-autobill_cron")).toHaveValue("55 0 1 * *");
  await screenshot(page, "reseller-invoicing-profile-saved");
});
