import { readFileSync } from "node:fs";

import { expect, expectNoHorizontalOverflow, screenshot, signIn, test } from "./fixtures";
import { apiToken, seedCalls } from "./seed";

test("an admin sees every client's calls, filters them in the URL, and sees the summary chart", async ({ page, request }) => {
  const [mine, other] = await seedCalls(request, [
    // Not client1: its calls may be stored masked (its digit-masking choice), and this test reads full numbers.
    { owner: "direct@example.com", prefix: "44207", seconds: 125 },
    { owner: "client2@example.com", prefix: "33142", seconds: 61, disposition: "BUSY" },
  ]);
  if (!mine || !other) throw new Error("seeding failed");

  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-cdrs").click();
  await expect(page.getByRole("heading", { name: "Call records" })).toBeVisible();
  const table = page.getByTestId("cdr-table");
  await expect(table).toContainText(mine.number);
  await expect(table).toContainText(other.number);

  // Filters live in the URL and narrow the list on the server.
  await page.getByTestId("cdr-number-filter").fill(other.number.slice(0, 9));
  await expect(page).toHaveURL(/number=/);
  await expect(table).toContainText(other.number);
  await expect(table).not.toContainText(mine.number);
  await page.getByTestId("cdr-disposition").click();
  await page.getByRole("option", { name: "ANSWERED" }).click();
  await expect(page).toHaveURL(/disposition=ANSWERED/);
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await page.goto("/cdrs?sort=-cost");
  await expect(page.getByTestId("sort-cost")).toContainText("↓");
  await expect(page.getByTestId("cdr-row").first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "admin-cdrs");

  await page.getByTestId("nav-cdrSummary").click();
  await expect(page.getByRole("heading", { name: "Call summary" })).toBeVisible();
  await expect(page.getByTestId("summary-charts").locator(".recharts-bar-rectangle").first()).toBeVisible();
  const total = Number(await page.getByTestId("summary-total-calls").textContent());
  expect(total).toBeGreaterThanOrEqual(2);
  await page.getByTestId("summary-by").click();
  await page.getByRole("option", { name: "Month" }).click();
  await expect(page).toHaveURL(/by=month/);
  await expect(page.getByTestId("summary-table")).toContainText(new Date().toISOString().slice(0, 7));
  await screenshot(page, "admin-cdr-summary");
  // By client: a table (no chart), with the operator's buy cost and margin.
  await page.getByTestId("summary-by").click();
  await page.getByRole("option", { name: "Client" }).click();
  await expect(page).toHaveURL(/by=client/);
  await expect(page.getByTestId("summary-charts")).toHaveCount(0);
  const byClient = page.getByTestId("dimension-table");
  await expect(byClient).toContainText("Dan Direct");
  await expect(byClient).toContainText("Cora Client");
  await expect(byClient).toContainText("Margin");
  await page.getByTestId("summary-by").click();
  await page.getByRole("option", { name: "Destination" }).click();
  await expect(page.getByTestId("dimension-row").first()).toBeVisible();
  await screenshot(page, "admin-cdr-summary-by-destination");

  // The failed calls: the BUSY one is there, the answered one is not.
  await page.goto("/cdrs?view=failed");
  await expect(page.getByTestId("cdr-view")).toBeVisible();
  await expect(page.getByTestId("cdr-table")).toContainText(other.number);
  await expect(page.getByTestId("cdr-table")).not.toContainText(mine.number);
  await screenshot(page, "admin-failed-calls");

  // Trunk errors: per trunk, attempts and failures over the same kind of selection.
  await page.getByTestId("nav-trunkErrors").click();
  await expect(page.getByRole("heading", { name: "Trunk errors" })).toBeVisible();
  await expect(page.getByTestId("trunk-errors-table").or(page.getByTestId("empty-state"))).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "admin-trunk-errors");

  await page.goto("/");
  await expect(page.getByTestId("today-calls-value")).not.toHaveText("0");
  await expect(page.getByTestId("top-destinations")).toBeVisible();
  await expect(page.getByTestId("recent-calls").getByTestId("cdr-row").first()).toBeVisible();
  await expect(page.getByTestId("health-panel")).toBeVisible();
  await screenshot(page, "admin-dashboard-with-calls");
});

test("a client who masks its digits sees its calls stored masked, on screen and in the CSV", async ({ page, request }) => {
  // The client chooses digit masking before its calls are stored: masking is decided at store time.
  const client = await apiToken(request, "client1@example.com");
  const me = (await (await request.get("/api/v1/auth/me", { headers: client })).json()) as { id: string };
  const chosen = await request.patch(`/api/v1/users/${me.id}/preferences`, { headers: client, data: { mask_digits: true } });
  expect(chosen.status(), await chosen.text()).toBe(200);
  expect(((await chosen.json()) as { mask_digits: boolean }).mask_digits).toBe(true);

  const [mine, other] = await seedCalls(request, [
    { owner: "client1@example.com", prefix: "44161", seconds: 42 },
    { owner: "client2@example.com", prefix: "44131", seconds: 30 },
  ]);
  if (!mine || !other) throw new Error("seeding failed");
  // The number as the API shows it to the client (its last digits hidden when the client masks them).
  // The API filters on the stored number; the client sees it with its last three digits hidden.
  const answer = await request.get("/api/v1/cdrs", { headers: client, params: { number: mine.number.slice(0, -3) } });
  const [record] = ((await answer.json()) as { items: { dialled_number: string; masked: boolean }[] }).items;
  if (!record) throw new Error("the client's call is not in its own list");
  expect(record.masked, "the call was stored masked (the CDR import honours mask_digits)").toBe(true);
  const shown = record.dialled_number;
  expect(shown).toBe(`${mine.number.slice(0, -3)}XXX`);

  await signIn(page, "client1@example.com");
  await expect(page.getByTestId("recent-calls")).toBeVisible();
  await page.getByTestId("nav-cdrs").click();
  await expect(page.getByRole("heading", { name: "My calls" })).toBeVisible();
  // No client picker for a client: the API answers its own calls only.
  await expect(page.getByTestId("cdr-client")).toHaveCount(0);
  const table = page.getByTestId("cdr-table");
  const row = table.locator("tbody tr", { hasText: shown });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("cdr-masked")).toHaveCount(1);
  await expect(table).not.toContainText(mine.number);
  await expect(table).not.toContainText(other.number.slice(0, -3));
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "client-cdrs");

  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[0]).toContain("dialled_number");
  expect(csv).toContain(shown);
  expect(csv, "the export never holds the full number").not.toContain(mine.number);
  expect(csv).not.toContain(other.number.slice(0, -3));

  await page.getByTestId("nav-cdrSummary").click();
  await expect(page.getByTestId("summary-charts")).toBeVisible();
  await screenshot(page, "client-cdr-summary");
});
