import { expect, PASSWORD, signIn, test } from "./fixtures";

test("a reseller sees only its own clients", async ({ page }) => {
  await signIn(page, "reseller@example.com");
  await expect(page.getByTestId("clients-by-status").getByTestId("count-clients")).toHaveText("2");
  await page.getByTestId("nav-users").click();
  await expect(page.getByRole("heading", { name: "Your clients" })).toBeVisible();
  const rows = page.getByTestId("users-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("users-table")).toContainText("client1@example.com");
  await expect(page.getByTestId("users-table")).toContainText("client2@example.com");
  await expect(page.getByTestId("users-table")).not.toContainText("direct@example.com");
  // A reseller creates clients only.
  await page.getByTestId("new-user").click();
  await page.getByTestId("create-user-role").click();
  await expect(page.getByRole("option")).toHaveText(["Client"]);
});

test("a client has no admin navigation, and typing an admin URL says not allowed", async ({ page, request }) => {
  await signIn(page, "client1@example.com");
  await expect(page.getByTestId("profile-summary")).toContainText("client1@example.com");
  const nav = page.getByTestId("main-nav");
  await expect(nav.getByRole("link")).toHaveText(["Dashboard", "Live calls", "My calls", "Call summary", "My balance", "My invoices", "SIP users", "API keys", "My preferences", "My profile"]);
  await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("health-panel")).toHaveCount(0);

  for (const path of ["/users", "/users/00000000-0000-4000-8000-000000000000", "/audit", "/rates", "/plans", "/client-rates", "/quote", "/destinations", "/destination-groups", "/trunks", "/trunk-groups", "/cdrs/trunk-errors", "/billing-runs", "/payments", "/services", "/vouchers", "/invoicing-profile", "/mail-templates", "/plans/00000000-0000-4000-8000-000000000000"]) {
    await page.goto(path);
    await expect(page.getByTestId("not-allowed")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  }

  // The API refuses too, whatever the web app shows.
  const login = await request.post("/api/v1/auth/login", { data: { email: "client1@example.com", password: PASSWORD } });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const create = await request.post("/api/v1/users", {
    headers: { Authorization: `Bearer ${token}` },
    data: { email: "sneaky@example.com", name: "Sneaky", password: "0123456789abc", role: "admin" },
  });
  expect(create.status()).toBe(403);
  expect(create.headers()["content-type"]).toContain("application/problem+json");
});

test("a session survives a reload, and signing out ends it", async ({ page }) => {
  await signIn(page, "client2@example.com");
  await page.goto("/profile");
  // Reload only once the page has settled: a reload that cuts off a refresh in flight loses the
  // rotated token (see README, "Sessions").
  await expect(page.getByTestId("profile-form")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expect(page.getByRole("heading", { name: "My profile" })).toBeVisible();
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?redirect=/);
});
