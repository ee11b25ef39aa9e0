import { expect, screenshot, signIn, test, unique } from "./fixtures";

test("an API key's token is shown once, then the key can be revoked", async ({ page }) => {
  await signIn(page, "client1@example.com");
  await page.getByTestId("nav-apiKeys").click();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  const name = unique("e2e-key");
  await page.getByTestId("new-api-key").click();
  const form = page.getByTestId("create-api-key-form");
  await form.getByRole("textbox", { name: "Name" }).fill(name);
  // A client is offered only the scopes a client holds.
  await expect(form.getByRole("checkbox", { name: "billing:write" })).toHaveCount(0);
  await form.getByRole("checkbox", { name: "cdrs:read" }).check();
  await form.getByRole("checkbox", { name: "billing:read" }).check();
  await form.getByLabel("IP allowlist").fill("203.0.113.0/24");
  await form.getByRole("button", { name: "Create key" }).click();

  const token = page.getByTestId("api-key-token");
  await expect(token).toHaveText(/^tgk_[0-9a-f]{12}_\S+$/);
  const secret = (await token.textContent()) ?? "";
  await expect(page.getByTestId("copy-token")).toBeVisible();
  await screenshot(page, "api-key-token", { fullPage: false });
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(token).toBeHidden();

  const table = page.getByTestId("api-keys-table");
  const row = table.locator("tbody tr", { hasText: name });
  await expect(row).toContainText("cdrs:read");
  await expect(row).toContainText("active");
  await expect(row).toContainText("203.0.113.0/24");
  // The secret is nowhere on the page any more.
  expect(await page.content()).not.toContain(secret);
  await screenshot(page, "api-keys");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
});
