import { expect, failedRequest, screenshot, signIn, test, unique } from "./fixtures";

test.describe("an admin", () => {
  test("signs in and sees the system health panel", async ({ page, request }) => {
    // An AGI gateway reports in, as agi_gateway's heartbeat does.
    const beat = await request.post("/internal/v1/gateways/heartbeat", {
      headers: { Authorization: `Bearer ${process.env.E2E_SERVICE_TOKEN ?? ""}` },
      data: { id: "e2e-gw", address: "10.0.0.5:4573", version: "0.1.0", calls_in_progress: 3, sessions: 3, spooled: 0 },
    });
    expect(beat.status()).toBe(200);
    await signIn(page, "admin@example.com");
    await expect(page.getByTestId("brand")).toHaveText("Tollgate");
    await expect(page.getByTestId("user-name")).toHaveText("Ada Admin");
    await expect(page.getByTestId("user-role")).toHaveText("admin");

    const health = page.getByTestId("health-panel");
    await expect(health).toBeVisible();
    for (const check of ["postgres", "redis", "broker", "worker"]) {
      await expect(health.getByTestId(`health-${check}`)).toContainText("ready");
      await expect(health.getByTestId(`health-${check}`)).toContainText(/\d+(\.\d)? ms/);
    }
    await expect(page.getByTestId("health-status")).toHaveText("All systems ready");
    await expect(health.getByTestId("health-gateway-e2e-gw")).toContainText("reporting");
    await expect(health.getByTestId("health-gateway-e2e-gw")).toContainText("3 calls");
    // Charts, not only numbers: latency by dependency, accounts by role, the last 14 days of calls.
    await expect(health.locator(".recharts-wrapper")).toHaveCount(1);
    await expect(page.getByTestId("accounts-by-role").locator(".recharts-wrapper")).toHaveCount(1);
    await expect(page.getByTestId("today-activity").locator(".recharts-wrapper")).toHaveCount(1);
    await expect(page.getByTestId("today-calls-value")).toHaveText(/^\d+$/);
    await expect(page.getByTestId("accounts-by-role").getByTestId("count-admins")).toHaveText("1");

    const nav = page.getByTestId("main-nav");
    await expect(nav.getByRole("link")).toHaveText([
      "Dashboard",
      "Live calls",
      "Call records",
      "Call summary",
      "Trunk errors",
      "Users",
      "Invoices",
      "Billing runs",
      "Payments",
      "Services",
      "Vouchers",
      "SIP users",
      "Rate decks",
      "Plans",
      "Client rates",
      "Call quote",
      "Destinations",
      "Destination groups",
      "Trunks",
      "Trunk groups",
      "Invoicing profile",
      "Mail templates",
      "Audit log",
      "API keys",
      "My profile",
    ]);
  });

  test("creates a client user and finds it by searching", async ({ page, consoleGuard }) => {
    consoleGuard.allow(failedRequest(400)); // the too-short password, on purpose
    const email = `${unique("e2e-client")}@example.com`;
    await signIn(page, "admin@example.com");
    await page.getByTestId("nav-users").click();
    await expect(page.getByTestId("users-table")).toBeVisible();

    await page.getByTestId("new-user").click();
    const form = page.getByTestId("create-user-form");
    // An admin may create resellers and clients, never admins.
    await form.getByTestId("create-user-role").click();
    await expect(page.getByRole("option")).toHaveText(["Reseller", "Client"]);
    await page.getByRole("option", { name: "Client" }).click();
    await form.getByRole("textbox", { name: "Name" }).fill("Eve Example");
    await form.getByRole("textbox", { name: "E-mail" }).fill(email);
    await form.getByRole("textbox", { name: "Initial password" }).fill("short");
    await form.getByRole("button", { name: "Create user" }).click();
    // The API's field error shows next to the field.
    await expect(form.getByText(/at least 10|length/i).first()).toBeVisible();
    await form.getByRole("textbox", { name: "Initial password" }).fill("a-long-enough-password");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form).toBeHidden();

    await page.getByTestId("user-search").fill(email);
    await expect(page).toHaveURL(/search=/);
    const rows = page.getByTestId("users-table").locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(email);
    await expect(rows.first()).toContainText("client");

    // The search survives a reload: it lives in the URL.
    await page.reload();
    await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(1);

    await rows.first().getByRole("link", { name: "Eve Example" }).click();
    await expect(page.getByRole("heading", { name: "Eve Example" })).toBeVisible();
    await page.getByTestId("toggle-status").click();
    await expect(page.getByTestId("toggle-status")).toHaveText("Activate");
    await page.getByRole("tab", { name: "History" }).click();
    await expect(page).toHaveURL(/tab=history/);
    const history = page.getByTestId("audit-table");
    await expect(history).toContainText("user.create");
    await expect(history).toContainText("user.update");
    await expect(history).toContainText("suspended");
    await screenshot(page, "user-history");
  });
});
