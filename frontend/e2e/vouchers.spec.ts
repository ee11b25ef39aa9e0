import { readFileSync } from "node:fs";

import { expect, failedRequest, screenshot, signIn, signOut, test } from "./fixtures";

test("a reseller generates vouchers, and its client redeems one and sees its balance grow", async ({ page, consoleGuard }) => {
  await signIn(page, "reseller@example.com");
  await page.getByTestId("nav-vouchers").click();
  await expect(page.getByRole("heading", { name: "Vouchers" })).toBeVisible();
  await page.getByTestId("new-vouchers").click();
  await page.getByTestId("voucher-count").fill("2");
  await page.getByTestId("voucher-value").fill("5");
  await expect(page.getByTestId("voucher-currency")).toHaveValue("GBP");
  await page.getByTestId("voucher-prefix").fill("E2E");
  await page.getByTestId("generate-vouchers").click();
  const list = page.getByTestId("voucher-code-list");
  await expect(list).toBeVisible();
  const codes = ((await list.textContent()) ?? "").split("\n").map((code) => code.trim()).filter(Boolean);
  expect(codes).toHaveLength(2);
  for (const code of codes) expect(code).toMatch(/^E2E/);
  await screenshot(page, "reseller-voucher-codes", { fullPage: false });
  const downloading = page.waitForEvent("download");
  await page.getByTestId("voucher-codes").getByTestId("voucher-csv").click();
  const csv = readFileSync(await (await downloading).path(), "utf8");
  expect(csv.split("\n")[0]).toContain("code");
  await page.getByTestId("vouchers-done").click();
  await expect(page.getByTestId("voucher-batches-table")).toBeVisible();
  await screenshot(page, "reseller-vouchers");
  const [code] = codes;
  if (!code) throw new Error("no code");
  expect(csv.replace(/-/g, "")).toContain(code.replace(/-/g, ""));

  await signOut(page);
  await signIn(page, "client2@example.com");
  await page.getByTestId("nav-balance").click();
  const balance = page.getByTestId("balance-card").getByTestId("balance");
  await expect(balance).toContainText("£");
  const before = await balance.textContent();
  // Case, spaces and dashes do not matter.
  await page.getByTestId("voucher-code").fill(` ${code.toLowerCase()} `);
  await page.getByTestId("redeem").click();
  await expect(page.getByText(/£5\.00 added/)).toBeVisible();
  await expect(balance).not.toHaveText(before ?? "");
  await expect(page.getByTestId("voucher-code")).toHaveValue("");
  await screenshot(page, "client-balance-voucher");

  // A code credits once, ever.
  consoleGuard.allow(failedRequest(409));
  await page.getByTestId("voucher-code").fill(code);
  await page.getByTestId("redeem").click();
  await expect(page.getByTestId("redeem-voucher").getByRole("alert")).toBeVisible();
  await expect(balance).not.toHaveText(before ?? "");
});
