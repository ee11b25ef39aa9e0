import { expect, screenshot, signIn, signOut, test, unique } from "./fixtures";

test("an admin adds credit to a client, who then sees it on its balance page", async ({ page }) => {
  const note = unique("e2e top-up");
  await signIn(page, "admin@example.com");
  await page.goto("/users?search=client1");
  await page.getByRole("link", { name: "Carl Client" }).click();
  await page.getByTestId("billing-tab").click();
  await expect(page).toHaveURL(/tab=billing/);
  await expect(page.getByTestId("balance-card").getByTestId("balance")).toContainText("£");

  await page.getByTestId("add-credit").click();
  const form = page.getByTestId("add-credit-form");
  await form.getByRole("textbox", { name: /Amount/ }).fill("25.50");
  await form.getByRole("textbox", { name: "Note" }).fill(note);
  // Every add-credit request carries an Idempotency-Key.
  const sent = page.waitForRequest((request) => request.url().endsWith("/credit") && request.method() === "POST");
  await page.getByTestId("submit-credit").click();
  expect((await sent).headers()["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  await expect(form).toBeHidden();

  const entry = page.getByTestId("ledger-table").locator("tbody tr", { hasText: note });
  await expect(entry).toContainText("£25.50");
  await expect(entry).toContainText("Credit");
  // The kind filter lives in the URL.
  await page.getByTestId("ledger-kind").click();
  await page.getByRole("option", { name: "Refund" }).click();
  await expect(page).toHaveURL(/kind=refund/);
  await expect(page.getByTestId("ledger").getByTestId("empty-state")).toBeVisible();
  await page.getByTestId("ledger-kind").click();
  await page.getByRole("option", { name: "Credit", exact: true }).click();
  await expect(entry).toBeVisible();
  await screenshot(page, "user-billing");

  await signOut(page);
  await signIn(page, "client1@example.com");
  // A client's shell shows what it may still spend.
  await expect(page.getByTestId("header-balance")).toContainText("£");
  await page.getByTestId("nav-balance").click();
  await expect(page.getByRole("heading", { name: "My balance" })).toBeVisible();
  await expect(page.getByTestId("balance-card").getByTestId("available")).toContainText("£");
  await expect(page.getByTestId("limits-card")).toContainText("Credit limit");
  await expect(page.getByTestId("ledger-table").locator("tbody tr", { hasText: note })).toContainText("£25.50");
  // A client adds no credit to itself.
  await expect(page.getByTestId("add-credit")).toHaveCount(0);
  await screenshot(page, "client-balance");
});
