import { expect, screenshot, signIn, signOut, test, unique } from "./fixtures";

test("an admin sets up trunks and a failover group", async ({ page }) => {
  const first = unique("carrier-a");
  const second = unique("carrier-b");
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-trunks").click();
  for (const name of [first, second]) {
    await page.getByTestId("new-trunk").click();
    const form = page.getByTestId("trunk-form");
    await form.getByRole("textbox", { name: "Name" }).fill(name);
    await form.getByRole("textbox", { name: "Dial template" }).fill(`PJSIP/{number}@${name}`);
    await form.getByRole("button", { name: "Create trunk" }).click();
    await expect(form).toBeHidden();
  }
  await expect(page.getByTestId("trunks-table")).toContainText(first);
  await screenshot(page, "trunks");

  await page.getByTestId("nav-trunkGroups").click();
  const group = unique("failover");
  await page.getByTestId("new-trunk-group").click();
  const form = page.getByTestId("trunk-group-form");
  await form.getByRole("textbox", { name: "Name" }).fill(group);
  await page.getByTestId("trunk-group-trunks").click();
  await page.getByRole("option", { name: second }).click();
  await page.getByRole("option", { name: first }).click();
  await page.keyboard.press("Escape");
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(form).toBeHidden();
  const row = page.getByTestId("trunk-groups-table").locator("tbody tr", { hasText: group });
  await expect(row).toContainText(`1. ${second}`);
  await expect(row).toContainText(`2. ${first}`);
  await screenshot(page, "trunk-groups");
});

test("a SIP user's secret is shown once, on create and on rotate; its client only looks", async ({ page }) => {
  const username = unique("desk").replace(/-/g, ".");
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-sipUsers").click();
  await page.getByTestId("new-sip-user").click();
  const form = page.getByTestId("sip-user-form");
  await page.getByTestId("sip-owner").fill("client1");
  await page.getByRole("option", { name: /Carl Client/ }).click();
  await form.getByRole("textbox", { name: "Username" }).fill(username);
  await form.getByRole("textbox", { name: "Caller ID number" }).fill("+442079460000");
  await form.getByRole("button", { name: "Create SIP user" }).click();

  const secret = page.getByTestId("sip-secret");
  await expect(secret).toHaveText(/\S{12,}/);
  const first = (await secret.textContent()) ?? "";
  await expect(page.getByTestId("copy-secret")).toBeVisible();
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(secret).toBeHidden();
  expect(await page.content()).not.toContain(first);

  const row = page.getByTestId("sip-users-table").locator("tbody tr", { hasText: username });
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: `More for ${username}` }).click();
  await page.getByRole("menuitem", { name: "Suspend" }).click();
  await expect(row).toContainText("suspended");

  await row.getByRole("button", { name: `More for ${username}` }).click();
  await page.getByRole("menuitem", { name: "Rotate secret" }).click();
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(secret).toHaveText(/\S{12,}/);
  expect(await secret.textContent()).not.toBe(first);
  await page.getByRole("button", { name: "I have stored it" }).click();
  await screenshot(page, "sip-users");

  await signOut(page);
  await signIn(page, "client1@example.com");
  await page.getByTestId("nav-sipUsers").click();
  await expect(page.getByTestId("sip-users-table")).toContainText(username);
  await expect(page.getByTestId("new-sip-user")).toHaveCount(0);
  await expect(page.getByRole("button", { name: `More for ${username}` })).toHaveCount(0);
  await screenshot(page, "client-sip-users");
});
