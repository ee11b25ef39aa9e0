import { expect, expectNoHorizontalOverflow, screenshot, signIn, signOut, test } from "./fixtures";

const WIDTHS = [375, 1440];

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width < 500 ? 800 : 900 } });

    test("the signed-out pages", async ({ page }) => {
      await page.goto("/login");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "login");

      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
      await page.getByRole("textbox", { name: "E-mail" }).fill("nobody@example.com");
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.getByText("Check your e-mail")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "forgot-password");

      await page.goto("/reset-password?token=not-a-real-token");
      await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "reset-password");
    });

    test("every page of an admin", async ({ page }) => {
      await signIn(page, "admin@example.com");
      const pages: [string, string, RegExp][] = [
        ["dashboard", "/", /System health/],
        ["users", "/users", /Users/],
        ["audit", "/audit", /Audit log/],
        ["api-keys", "/api-keys", /API keys/],
        ["profile", "/profile", /My profile/],
        ["live-calls", "/calls/live", /Live calls/],
        ["cdrs", "/cdrs", /Call records/],
        ["cdr-summary", "/cdrs/summary", /Call summary/],
        ["rate-decks", "/rates", /Rate decks/],
        ["plans", "/plans", /Plans/],
        ["client-rates", "/client-rates", /Client rates/],
        ["quote", "/quote", /What does this call cost/],
        ["destinations", "/destinations", /Destinations/],
        ["destination-groups", "/destination-groups", /Destination groups/],
        ["sip-users", "/sip-users", /SIP users/],
        ["trunks", "/trunks", /Trunks/],
        ["trunk-groups", "/trunk-groups", /Trunk groups/],
        ["trunk-errors", "/cdrs/trunk-errors", /Trunk errors/],
        ["failed-calls", "/cdrs?view=failed", /Call records/],
        ["invoices", "/invoices", /Invoices/],
        ["billing-runs", "/billing-runs", /Billing runs/],
        ["payments", "/payments", /Payments/],
        ["services", "/services", /Services/],
        ["vouchers", "/vouchers", /Vouchers/],
        ["invoicing-profile", "/invoicing-profile", /Invoicing profile/],
        ["mail-templates", "/mail-templates", /Mail templates/],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(path);
        await expect(page.getByRole("main")).toContainText(heading);
        await expect(page.getByRole("status")).toHaveCount(0); // loaded
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `admin-${name}`);
      }

      await page.goto("/users?search=client1");
      await page.getByRole("link", { name: "Carl Client" }).click();
      await expect(page.getByTestId("edit-user-form")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "admin-user-detail");
      await page.getByTestId("billing-tab").click();
      await expect(page.getByTestId("balance-card").getByTestId("balance")).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "admin-user-billing");
      await page.getByTestId("invoicing-tab").click();
      await expect(page.getByTestId("client-invoicing-form")).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "admin-user-invoicing");
      await page.getByTestId("preferences-tab").click();
      await expect(page.getByTestId("preferences-form")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "admin-user-preferences");
      await page.goto("/client-rates");
      await page.getByTestId("client-rates-client").fill("client1");
      await page.getByRole("option", { name: /Carl Client/ }).click();
      await expect(page).toHaveURL(/client=/);
      await expect(page.getByRole("tab", { name: "Custom rates" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "admin-client-rates-of-a-client");

      if (width < 500) {
        // The navigation folds behind the burger on a phone.
        await expect(page.getByTestId("main-nav")).not.toBeInViewport();
        await page.getByRole("button", { name: "Toggle navigation" }).click();
        await expect(page.getByTestId("main-nav")).toBeInViewport();
        await screenshot(page, "admin-navigation-open", { fullPage: false });
      }
    });

    test("every page of a reseller and a client", async ({ page }) => {
      await signIn(page, "reseller@example.com");
      await expect(page.getByTestId("clients-by-status").getByTestId("count-clients")).toHaveText("2");
      await screenshot(page, "reseller-dashboard");
      await page.goto("/users");
      await expect(page.getByTestId("users-table")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "reseller-users");
      await page.goto("/audit");
      await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await screenshot(page, "reseller-audit");
      await page.goto("/rates");
      await expect(page.getByRole("heading", { name: "Rate decks" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await screenshot(page, "reseller-rate-decks");
      for (const [name, path, heading] of [
        ["invoicing-profile", "/invoicing-profile", "Invoicing profile"],
        ["mail-templates", "/mail-templates", "Mail templates"],
        ["billing-runs", "/billing-runs", "Billing runs"],
        ["vouchers", "/vouchers", "Vouchers"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
        await expect(page.getByRole("status")).toHaveCount(0);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `reseller-${name}`);
      }
      await page.goto("/trunks");
      await expect(page.getByTestId("not-allowed")).toBeVisible();

      await signOut(page);
      await signIn(page, "client1@example.com");
      await expect(page.getByTestId("profile-summary")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "client-dashboard");
      await page.goto("/profile");
      await expect(page.getByTestId("profile-form")).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, "client-profile");
      await page.goto("/api-keys");
      await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
      await expect(page.getByRole("status")).toHaveCount(0);
      await screenshot(page, "client-api-keys");
      for (const [name, path, heading] of [
        ["balance", "/balance", "My balance"],
        ["live-calls", "/calls/live", "Live calls"],
        ["cdrs", "/cdrs", "My calls"],
        ["cdr-summary", "/cdrs/summary", "Call summary"],
        ["sip-users", "/sip-users", "SIP users"],
        ["invoices", "/invoices", "My invoices"],
        ["preferences", "/preferences", "My preferences"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { name: heading })).toBeVisible();
        await expect(page.getByRole("status")).toHaveCount(0);
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `client-${name}`);
      }
      await page.goto("/users");
      await expect(page.getByTestId("not-allowed")).toBeVisible();
      await screenshot(page, "client-not-allowed");
    });
  });
}
