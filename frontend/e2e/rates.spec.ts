import { expect, screenshot, signIn, test, unique } from "./fixtures";

// Semicolon-separated, with column names no preset has: the import must go through the
// column-mapping step. Line 4 has a bad rate, so with "skip" two rates land and line 4 is reported.
const RATES_CSV = ["Country;Dial Code;Cost per min;Notes", "United Kingdom;44;0.020;landline", "London;4420;0.010;", "Germany;49;bad;oops", ""].join("\n");

test("an admin imports a rate CSV through the column mapping, follows the job, and quotes a call", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-rateDecks").click();
  await expect(page.getByRole("heading", { name: "Rate decks" })).toBeVisible();

  const deckName = unique("E2E deck");
  await page.getByTestId("new-deck").click();
  const form = page.getByTestId("create-deck-form");
  await form.getByRole("textbox", { name: "Name" }).fill(deckName);
  await form.getByRole("textbox", { name: "Currency" }).fill("USD");
  await form.getByRole("button", { name: "Create deck" }).click();

  // A new deck opens on its page with the import dialog.
  await expect(page.getByRole("heading", { name: deckName })).toBeVisible();
  const modal = page.getByTestId("import-modal");
  await expect(modal).toBeVisible();
  await modal.locator('input[type="file"]').setInputFiles({ name: "carrier-rates.csv", mimeType: "text/csv", buffer: Buffer.from(RATES_CSV) });

  // The header row was read in the browser: no preset fits, so the columns are mapped.
  const mapping = page.getByTestId("mapping-step");
  await expect(mapping).toContainText("4 columns, semicolon-separated");
  await expect(page.getByTestId("import-format")).toHaveValue("Map the columns myself");
  await expect(page.getByTestId("map-prefix")).toHaveValue("Dial Code");
  await expect(page.getByTestId("map-destination")).toHaveValue("Country");
  await expect(page.getByTestId("mapping-problems")).toContainText("Choose the column for rate per minute");
  await expect(page.getByTestId("start-import")).toBeDisabled();
  await page.getByTestId("map-rate_per_minute").click();
  await page.getByRole("option", { name: "Cost per min" }).click();
  await expect(page.getByTestId("mapping-problems")).toHaveCount(0);
  await expect(page.getByTestId("mapping-preview")).toContainText("0.020");
  await mapping.getByRole("radio", { name: "Import the good rows and list the bad ones" }).check();
  await screenshot(page, "rates-import-mapping", { fullPage: false });

  await page.getByTestId("start-import").click();
  await expect(page.getByTestId("import-progress")).toBeVisible();
  await expect(page.getByTestId("import-status")).toHaveText("Import finished");
  await expect(page.getByTestId("import-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("import-result")).toContainText("2 rates imported");
  // The bad row, by its line in the file that was chosen and by its own column name.
  const errors = page.getByTestId("import-errors");
  await expect(errors.locator("tbody tr")).toHaveCount(1);
  await expect(errors.locator("tbody tr").first()).toContainText("4");
  await expect(errors.locator("tbody tr").first()).toContainText("Cost per min");
  await screenshot(page, "rates-import-result", { fullPage: false });
  await page.getByTestId("close-import").click();

  const rows = page.getByTestId("rates-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("deck-versions")).toContainText("v1");
  await page.getByTestId("rate-search").fill("4420");
  // (The router writes a digits-only value as a JSON string: search=%224420%22.)
  await expect(page).toHaveURL(/search=(%22)?4420/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("London");
  await expect(rows.first()).toContainText("$0.01");
  await screenshot(page, "rate-deck");

  // What does a 95-second call to London cost against this deck? 60/60 blocks: 120 s at 0.01/min.
  await page.getByTestId("nav-quote").click();
  await page.getByTestId("quote-target").click();
  await page.getByRole("option", { name: deckName }).click();
  const quote = page.getByTestId("quote-form");
  await quote.getByRole("textbox", { name: "Number" }).fill("+44 20 7946 0000");
  await quote.getByRole("textbox", { name: "Duration (s)" }).fill("95");
  await page.getByTestId("quote-submit").click();
  const breakdown = page.getByTestId("quote-breakdown");
  await expect(page.getByTestId("quote-status")).toHaveText("Priced");
  await expect(breakdown).toContainText("London");
  await expect(breakdown).toContainText("4420");
  await expect(breakdown).toContainText("120 s");
  await expect(page.getByTestId("quote-components")).toContainText("Usage");
  await expect(page.getByTestId("quote-total")).toHaveText("$0.02");
  await screenshot(page, "quote");
});

test("an admin makes a plan of a deck and edits it", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.goto("/rates");
  const deckName = unique("Plan deck");
  await page.getByTestId("new-deck").click();
  await page.getByTestId("create-deck-form").getByRole("textbox", { name: "Name" }).fill(deckName);
  await page.getByTestId("create-deck-form").getByRole("button", { name: "Create deck" }).click();
  await expect(page.getByTestId("import-modal")).toBeVisible();
  await page.getByTestId("close-import").click();

  await page.getByTestId("nav-plans").click();
  const planName = unique("Retail");
  await page.getByTestId("new-plan").click();
  const form = page.getByTestId("plan-form");
  await form.getByRole("textbox", { name: "Name" }).fill(planName);
  await form.getByRole("textbox", { name: "Country code" }).fill("44");
  await page.getByTestId("plan-decks").click();
  await page.getByRole("option", { name: new RegExp(deckName) }).click();
  await form.getByRole("textbox", { name: "Markup %", exact: true }).fill("10");
  await form.getByRole("button", { name: "Create plan" }).click();
  await expect(form).toBeHidden();

  const row = page.getByTestId("plans-table").locator("tbody tr", { hasText: planName });
  await expect(row).toContainText(deckName);
  await expect(row).toContainText("+10%");
  await row.getByRole("button", { name: "Edit" }).click();
  await page.getByTestId("plan-form").getByRole("textbox", { name: "Markup %", exact: true }).fill("12.5");
  await page.getByTestId("plan-form").getByRole("button", { name: "Save plan" }).click();
  await expect(row).toContainText("+12.5%");
  await screenshot(page, "plans");
});
