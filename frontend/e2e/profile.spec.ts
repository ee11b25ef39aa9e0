import { expect, failedRequest, signIn, test } from "./fixtures";

test("a profile change persists", async ({ page }) => {
  await signIn(page, "client2@example.com");
  await page.getByTestId("nav-profile").click();
  const form = page.getByTestId("profile-form");
  await expect(form).toBeVisible();

  const phone = `+4930${Date.now().toString().slice(-7)}`;
  await form.getByRole("textbox", { name: "Phone" }).fill(phone);
  await form.getByRole("combobox", { name: "Timezone" }).click();
  await form.getByRole("combobox", { name: "Timezone" }).fill("Europe/Berl");
  await page.getByRole("option", { name: "Europe/Berlin" }).click();
  const sms = form.getByRole("checkbox", { name: "Low credit by SMS" });
  const wasChecked = await sms.isChecked();
  await sms.setChecked(!wasChecked);
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();

  await page.reload();
  const reloaded = page.getByTestId("profile-form");
  await expect(reloaded.getByRole("textbox", { name: "Phone" })).toHaveValue(phone);
  await expect(reloaded.getByRole("combobox", { name: "Timezone" })).toHaveValue("Europe/Berlin");
  await expect(reloaded.getByRole("checkbox", { name: "Low credit by SMS" })).toBeChecked({ checked: !wasChecked });
});

test("a wrong current password is reported", async ({ page, consoleGuard }) => {
  await signIn(page, "direct@example.com");
  await page.goto("/profile");
  const form = page.getByTestId("change-password-form");
  await form.getByLabel("Current password").fill("not-the-password");
  await form.getByLabel("New password", { exact: true }).fill("another-password-123");
  await form.getByLabel("Repeat new password").fill("another-password-123");
  consoleGuard.allow(failedRequest(401));
  consoleGuard.allow(failedRequest(403));
  consoleGuard.allow(failedRequest(422));
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
});
