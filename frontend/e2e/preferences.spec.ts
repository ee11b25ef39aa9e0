import { expect, expectNoHorizontalOverflow, screenshot, signIn, signOut, test } from "./fixtures";

test("a client changes its preferences, and its reseller sees them on the client's page", async ({ page }) => {
  await signIn(page, "client2@example.com");
  await page.getByTestId("nav-preferences").click();
  await expect(page.getByRole("heading", { name: "My preferences" })).toBeVisible();
  const form = page.getByTestId("preferences-form");
  await expect(form).toBeVisible();
  await expect(page.getByTestId("save-preferences")).toBeDisabled();

  // Masking is explained before it is saved: it applies to calls stored from now on.
  await expect(form).toContainText("calls stored from now on");
  await page.getByTestId("pref-notify_invoices").uncheck();
  await page.getByTestId("pref-notification_email").fill("not-an-address");
  await page.getByTestId("save-preferences").click();
  await expect(form).toContainText("Not an e-mail address");
  await page.getByTestId("pref-notification_email").fill("alerts@client2.example");
  await page.getByTestId("pref-low_credit_threshold").fill("7.5");
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "client-preferences");
  await page.getByTestId("save-preferences").click();
  await expect(page.getByText("Preferences saved")).toBeVisible();
  await expect(page.getByTestId("save-preferences")).toBeDisabled();

  await page.reload();
  await expect(page.getByTestId("pref-notification_email")).toHaveValue("alerts@client2.example");
  await expect(page.getByTestId("pref-notify_invoices")).not.toBeChecked();
  await expect(page.getByTestId("pref-notify_low_credit")).toBeChecked();
  await expect(page.getByTestId("pref-low_credit_threshold")).toHaveValue(/^7\.50*$/);

  await signOut(page);
  await signIn(page, "reseller@example.com");
  await page.goto("/users?search=client2");
  await page.getByTestId("users-table").getByRole("link", { name: "Cora Client" }).click();
  await page.getByTestId("preferences-tab").click();
  await expect(page).toHaveURL(/tab=preferences/);
  await expect(page.getByTestId("pref-notification_email")).toHaveValue("alerts@client2.example");
  await screenshot(page, "reseller-client-preferences");
});

test("staff have no page of their own preferences", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await expect(page.getByTestId("nav-preferences")).toHaveCount(0);
  await page.goto("/preferences");
  await expect(page.getByTestId("not-allowed")).toBeVisible();
});
