import type { APIRequestContext, Page } from "@playwright/test";

import { expect, expectNoHorizontalOverflow, failedRequest, PASSWORD, screenshot, signIn, test, unique } from "./fixtures";
import { apiToken } from "./seed";

async function created(request: APIRequestContext, path: string, headers: Record<string, string>, data: object): Promise<string> {
  const answer = await request.post(path, { headers, data });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: string }).id;
}

/**
 * The page at both widths the app is designed for, with no sideways scrolling. The page is
 * loaded afresh at each width (its state is in the URL), as a phone would open it, rather than
 * caught mid-way through the shell's resize transition.
 */
async function screenshotBoth(page: Page, name: string, loaded: string): Promise<void> {
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: width < 500 ? 800 : 900 });
    await page.reload();
    await expect(page.getByTestId(loaded)).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, name);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await expect(page.getByTestId(loaded)).toBeVisible();
}

test("an admin gives a plan included minutes, a special-number rule and inbound pricing", async ({ page, request, consoleGuard }) => {
  const headers = await apiToken(request, "admin@example.com");
  const planName = unique("E2E bundle plan");
  const groupName = unique("E2E UK landline");
  const deck = await created(request, "/api/v1/rate-decks", headers, { name: unique("e2e deck"), currency: "USD" });
  await created(request, "/api/v1/plans", headers, { name: planName, currency: "USD", country_code: "61", deck_ids: [deck] });
  await created(request, "/api/v1/destination-groups", headers, { name: groupName, prefixes: ["9944"] });

  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-plans").click();
  await page.getByRole("textbox", { name: "Search" }).fill(planName);
  await page.getByTestId("plans-table").getByRole("link", { name: planName }).click();
  await expect(page.getByRole("heading", { name: planName })).toBeVisible();
  await expect(page.getByTestId("empty-state")).toContainText("No included minutes");

  // An allowance: 240 minutes a month to the group, then 300.
  await page.getByTestId("new-allowance").click();
  const form = page.getByTestId("allowance-form");
  await page.getByTestId("allowance-group").click();
  await page.getByRole("option", { name: groupName }).click();
  await page.getByTestId("allowance-minutes").fill("2.33");
  await expect(form).toContainText("minutes:seconds");
  await expect(form.getByRole("button", { name: "Add allowance" })).toBeDisabled();
  await page.getByTestId("allowance-minutes").fill("240");
  await form.getByRole("button", { name: "Add allowance" }).click();
  await expect(form).toBeHidden();
  const row = page.getByTestId("allowances-table").locator("tbody tr", { hasText: groupName });
  await expect(row).toContainText("240 min");
  await expect(row).toContainText("monthly");
  await row.getByRole("button", { name: "Edit" }).click();
  await page.getByTestId("allowance-minutes").fill("300");
  await form.getByRole("button", { name: "Save allowance" }).click();
  await expect(form).toBeHidden();
  await expect(row).toContainText("300 min");
  await screenshotBoth(page, "plan-allowances", "allowances-table");

  // A special-number rule: a bad pattern is explained; the API's refusal shows on its field.
  await page.getByTestId("special-rates-tab").click();
  await page.getByTestId("new-special-rate").click();
  const rule = page.getByTestId("special-rate-form");
  await page.getByTestId("special-pattern").fill("+61 1300*");
  await page.getByTestId("special-label").click();
  await expect(rule).toContainText("national number");
  await page.getByTestId("special-pattern").fill("1300 *");
  await page.getByTestId("special-label").fill("Info lines");
  await page.getByTestId("special-flat_price").fill("-1");
  consoleGuard.allow(failedRequest(422));
  consoleGuard.allow(failedRequest(400));
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByTestId("special-flat_price")).toHaveAttribute("aria-invalid", "true");
  await expect(rule.getByRole("alert")).toBeVisible();
  await page.getByTestId("special-flat_price").fill("0.35");
  await rule.getByRole("button", { name: "Add rule" }).click();
  await expect(rule).toBeHidden();
  const ruleRow = page.getByTestId("special-rates-table").locator("tbody tr", { hasText: "1300*" });
  await expect(ruleRow).toContainText("Info lines");
  await expect(ruleRow).toContainText("$0.35 per call");
  await screenshotBoth(page, "plan-special-rates", "special-rates-table");

  // Inbound pricing, in the plan's own form.
  await page.getByTestId("edit-plan").click();
  const planForm = page.getByTestId("plan-form");
  await planForm.getByRole("textbox", { name: "Inbound rate per minute" }).fill("0.01");
  await planForm.getByRole("textbox", { name: "Inbound increment (s)" }).fill("60");
  await planForm.getByRole("button", { name: "Save plan" }).click();
  await expect(planForm).toBeHidden();
  await expect(page.getByRole("main")).toContainText("Inbound 0.01 USD/min");
  const saved = await request.get(`/api/v1/plans?search=${encodeURIComponent(planName)}`, { headers });
  const plan = ((await saved.json()) as { items: { inbound_rate_per_minute: string | null; inbound_increment: number }[] }).items[0];
  expect(plan?.inbound_rate_per_minute).toMatch(/^0\.010*$/);
  expect(plan?.inbound_increment).toBe(60);
});

test("an admin rewords the spend-cap e-mail and resets it to the default", async ({ page, consoleGuard }) => {
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-mailTemplates").click();
  await expect(page.getByRole("heading", { name: "Mail templates" })).toBeVisible();
  await page.getByTestId("mail-template-spend_cap").click();
  await expect(page).toHaveURL(/kind=spend_cap/);
  const form = page.getByTestId("mail-template-form");
  await expect(page.getByTestId("template-variables")).toContainText("spend_cap");

  const subject = form.getByRole("textbox", { name: "Subject" });
  await subject.fill("Cap reached: {{ spend_cap_amount }}");
  await expect(page.getByTestId("unknown-variables")).toContainText("spend_cap_amount");
  consoleGuard.allow(failedRequest(400));
  await page.getByTestId("save-template").click();
  await expect(subject).toHaveAttribute("aria-invalid", "true");

  // Insert a variable at the end of the subject by clicking it.
  await subject.fill("Cap reached: ");
  await subject.press("End");
  await page.getByRole("button", { name: "Insert spend_cap" }).click();
  await expect(subject).toHaveValue("Cap reached: {{ spend_cap }}");
  await expect(page.getByTestId("unknown-variables")).toHaveCount(0);
  await page.getByTestId("save-template").click();
  await expect(page.getByText("Spend cap reached wording saved")).toBeVisible();
  await expect(page.getByTestId("mail-template-spend_cap")).toContainText("Platform wording");
  await expect(page.getByTestId("save-template")).toBeDisabled();
  await screenshotBoth(page, "mail-templates", "mail-template-form");

  await expect(form.getByRole("textbox", { name: "Subject" })).toHaveValue("Cap reached: {{ spend_cap }}");
  await page.getByTestId("reset-template").click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset" }).click();
  await expect(page.getByTestId("mail-template-spend_cap")).toContainText("Default wording");
  await expect(form.getByRole("textbox", { name: "Subject" })).not.toHaveValue("Cap reached: {{ spend_cap }}");
});

test("an admin sees an offer's days left and the calls it covered", async ({ page, request }) => {
  const headers = await apiToken(request, "admin@example.com");
  const email = `${unique("offer")}@example.com`;
  const client = await created(request, "/api/v1/users", headers, { email, name: "Otto Offer", password: PASSWORD, role: "client", currency: "USD" });
  const prefix = `99${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  await created(request, "/api/v1/offers", headers, { client_id: client, prefix, destination: "E2E offer land", starts_at: new Date(Date.now() - 86_400_000).toISOString(), days: 30 });

  await signIn(page, "admin@example.com");
  await page.goto(`/client-rates?client=${client}&tab=offers`);
  await expect(page.getByTestId("offers-table")).toContainText(prefix);
  await page.getByTestId("offer-use").click();
  const row = page.getByTestId("offer-use-table").locator("tbody tr", { hasText: prefix });
  await expect(row).toContainText("E2E offer land");
  await expect(row.getByRole("cell")).toHaveText([/E2E offer land/, "29 of 30", "0", "0:00"]);
  await page.getByRole("switch", { name: "Running offers only" }).click();
  await expect(row).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "offer-use");
});
