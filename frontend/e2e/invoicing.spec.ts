import { readFileSync } from "node:fs";

import { expect, expectNoHorizontalOverflow, screenshot, signIn, test, unique } from "./fixtures";
import { apiToken } from "./seed";

/** The calendar month before this one, as "YYYY-MM" (the period a run bills). */
function lastMonth(): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  return date.toISOString().slice(0, 7);
}

test("an admin subscribes a client to a service, previews and runs billing, and downloads the invoice PDF", async ({ page, request }) => {
  test.setTimeout(90_000);
  const headers = await apiToken(request, "admin@example.com");
  const found = await request.get("/api/v1/users", { headers, params: { search: "direct@example.com" } });
  const { items } = (await found.json()) as { items: { id: string; email: string }[] };
  const dan = items.find((item) => item.email === "direct@example.com");
  if (!dan) throw new Error("no direct@example.com");
  // Dan is prepaid: its statement is settled from the balance, so give it something to settle with.
  const credit = await request.post(`/api/v1/users/${dan.id}/credit`, { headers, data: { amount: "100", note: "e2e invoicing" } });
  expect(credit.status(), await credit.text()).toBe(201);

  const service = unique("Hosted PBX");
  const period = lastMonth();
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-services").click();
  await expect(page.getByRole("heading", { name: "Services" })).toBeVisible();
  await page.getByTestId("new-service").click();
  await page.getByTestId("service-name").fill(service);
  await page.getByTestId("service-price").fill("12.50");
  await page.getByTestId("service-currency").fill("USD");
  await page.getByTestId("save-service").click();
  await expect(page.getByTestId("services-table")).toContainText(service);
  await screenshot(page, "admin-services");

  await page.goto(`/users/${dan.id}?tab=invoicing`);
  await expect(page.getByTestId("client-invoicing-form")).toBeVisible();
  await page.getByTestId("subscription-service").click();
  await page.getByRole("option", { name: new RegExp(service) }).click();
  await page.getByTestId("subscription-starts").fill(`${period}-01`);
  await page.getByTestId("add-subscription").click();
  await expect(page.getByTestId("subscriptions-table")).toContainText(service);
  await screenshot(page, "admin-client-invoicing");

  // A dry run previews the invoice and writes nothing.
  await page.getByTestId("nav-billingRuns").click();
  await expect(page.getByRole("heading", { name: "Billing runs" })).toBeVisible();
  await page.getByTestId("run-period").click();
  await page.getByRole("option", { name: `The period containing ${period}` }).click();
  await expect(page.getByTestId("run-dry")).toBeChecked();
  await page.getByTestId("start-run").click();
  await expect(page.getByRole("heading", { name: "Dry run", exact: true })).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("run-preview")).toContainText("Dan Direct");
  await expect(page.getByTestId("run-preview")).toContainText(service);
  await expect(page.getByTestId("run-invoices")).toHaveCount(0);
  await screenshot(page, "admin-billing-dry-run");

  // The real run makes (and issues) the invoice.
  await page.getByRole("link", { name: "← All billing runs" }).click();
  await page.getByTestId("run-period").click();
  await page.getByRole("option", { name: `The period containing ${period}` }).click();
  await page.getByTestId("run-dry").uncheck();
  await page.getByTestId("start-run").click();
  await expect(page.getByRole("heading", { name: "Billing run", exact: true })).toBeVisible();
  await expect(page.getByTestId("run-progress")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("succeeded", { timeout: 30_000 });
  expect(Number(await page.getByTestId("run-count-invoices").textContent())).toBeGreaterThanOrEqual(1);
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "admin-billing-run");
  await page.getByTestId("run-invoices").click();
  await expect(page).toHaveURL(/\/invoices\?run=/);
  const row = page.getByTestId("invoice-row").filter({ hasText: "Dan Direct" });
  await expect(row).toHaveCount(1);
  await screenshot(page, "admin-invoices");
  await row.getByTestId("invoice-link").click();

  await expect(page.getByRole("heading", { name: /^Invoice INV-\d{6}$/ })).toBeVisible();
  await expect(page.getByTestId("invoice-lines")).toContainText(service);
  await expect(page.getByTestId("invoice-total")).toContainText("12.50");
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "admin-invoice");
  const downloading = page.waitForEvent("download");
  await page.getByTestId("invoice-pdf").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^INV-\d{6}\.pdf$/);
  expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe("%PDF-");

  // A paid invoice is corrected with a credit note, issued at once with its own number.
  await expect(page.getByTestId("invoice-void")).toHaveCount(0);
  await page.getByTestId("invoice-credit-note").click();
  await page.getByTestId("credit-note-reason").fill("Service was not provided");
  await page.getByTestId("submit-credit-note").click();
  await expect(page.getByRole("heading", { name: /^Credit note CN-\d{6}$/ })).toBeVisible();
  await expect(page.getByTestId("invoice-total")).toContainText("-$12.50");
  await expect(page.getByTestId("invoice-credit-note")).toHaveCount(0);
  await screenshot(page, "admin-credit-note");
});

test("a client sees its own invoices, never the billing pages", async ({ page }) => {
  await signIn(page, "client1@example.com");
  await page.getByTestId("nav-invoices").click();
  await expect(page.getByRole("heading", { name: "My invoices" })).toBeVisible();
  await expect(page.getByTestId("invoice-client-filter")).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveCount(0);
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "client-invoices");
  for (const path of ["/billing-runs", "/services", "/payments", "/vouchers", "/invoicing-profile"]) {
    await page.goto(path);
    await expect(page.getByTestId("not-allowed")).toBeVisible();
  }
});
