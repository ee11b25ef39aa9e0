import { expect, expectNoHorizontalOverflow, screenshot, signIn, signOut, test, unique } from "./fixtures";

/** Nine random digits after 99 (no country's): prefixes of this run only. */
function prefix(): string {
  return `99${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

test("an admin imports destinations, groups prefixes, blocks a group and sets a client's billing terms", async ({ page, consoleGuard }) => {
  const [first, second] = [prefix(), prefix()];
  const groupName = unique("E2E premium");
  await signIn(page, "admin@example.com");
  await page.getByTestId("nav-destinations").click();
  await expect(page.getByRole("heading", { name: "Destinations" })).toBeVisible();

  // One bad line and nothing is imported: the problem names the line.
  await page.getByTestId("import-destinations").click();
  const form = page.getByTestId("destinations-import-form");
  consoleGuard.allow(/status of 422/);
  await form.locator('input[type="file"]').setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`prefix,destination\n${first},E2E land\nnot-a-prefix,Oops\n`) });
  await page.getByTestId("start-destinations-import").click();
  await expect(form.getByRole("alert")).toContainText("Nothing was imported");
  await expect(form.getByRole("alert")).toContainText(/3|line/);
  await form.locator('input[type="file"]').setInputFiles({
    name: "destinations.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`prefix,destination,country,type\n${first},E2E Land,GB,landline\n${second},E2E Mobile,GB,mobile\n`),
  });
  await page.getByTestId("start-destinations-import").click();
  await expect(page.getByTestId("destinations-import-result")).toContainText("2 rows: 2 added");
  await form.getByRole("button", { name: "Close" }).click();

  await page.getByTestId("destination-search").fill(first);
  await expect(page).toHaveURL(/search=/);
  const rows = page.getByTestId("destinations-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("E2E Land");
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "destinations");

  await page.getByTestId("nav-destinationGroups").click();
  await page.getByTestId("new-destination-group").click();
  const groupForm = page.getByTestId("destination-group-form");
  await groupForm.getByRole("textbox", { name: "Name" }).fill(groupName);
  await page.getByTestId("group-prefixes").fill(`${first}, ${second}\nnope`);
  await expect(groupForm).toContainText("Not a prefix: nope");
  await page.getByTestId("group-prefixes").fill(`${first}, ${second}`);
  await groupForm.getByRole("button", { name: "Create group" }).click();
  await expect(groupForm).toBeHidden();
  const groupRow = page.getByTestId("destination-groups-table").locator("tbody tr", { hasText: groupName });
  await expect(groupRow).toContainText(first);
  await expect(groupRow).toContainText(second);
  await screenshot(page, "destination-groups");

  // Client2's billing tab: terms and blocks.
  await page.goto("/users?search=client2");
  await page.getByRole("link", { name: "Cora Client" }).click();
  await page.getByTestId("billing-tab").click();
  const terms = page.getByTestId("billing-terms-form");
  await page.getByTestId("terms-kind").getByText("Postpaid", { exact: true }).click();
  await page.getByTestId("terms-credit_limit").fill("20");
  await page.getByTestId("terms-max_concurrent_calls").fill("2.5");
  await page.getByTestId("save-terms").click();
  await expect(terms).toContainText("A whole number up to 100000");
  await page.getByTestId("terms-max_concurrent_calls").fill("3");
  await page.getByTestId("terms-max_price_per_minute").fill("0.25");
  await page.getByTestId("save-terms").click();
  await expect(page.getByText("Billing terms saved")).toBeVisible();
  await expect(page.getByTestId("save-terms")).toBeDisabled();

  await page.getByTestId("blocked-groups-select").click();
  await page.getByRole("option", { name: groupName }).click();
  await page.keyboard.press("Escape");
  await page.getByTestId("save-blocked-groups").click();
  await expect(page.getByText("Blocked destinations saved")).toBeVisible();
  await expect(page.getByTestId("save-blocked-groups")).toBeDisabled();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "admin-user-billing-terms");

  // What was saved is what the client is told.
  await page.reload();
  await expect(page.getByTestId("terms-credit_limit")).toHaveValue("20");
  await expect(page.getByTestId("terms-max_concurrent_calls")).toHaveValue("3");
  await signOut(page);
  await signIn(page, "client2@example.com");
  await page.getByTestId("nav-balance").click();
  const limits = page.getByTestId("limits-card");
  await expect(limits).toContainText(groupName);
  await expect(limits).toContainText("£0.25");
  await expect(page.getByTestId("balance-card")).toContainText("postpaid");
});

test("a reseller looks destinations up but does not change them", async ({ page }) => {
  await signIn(page, "reseller@example.com");
  await page.getByTestId("nav-destinations").click();
  await expect(page.getByRole("heading", { name: "Destinations" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);
  await expect(page.getByTestId("new-destination")).toHaveCount(0);
  await expect(page.getByTestId("import-destinations")).toHaveCount(0);
  await screenshot(page, "reseller-destinations");
});
