import { test as base, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PASSWORD = "tollgate-demo";
const screenshots = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "test-results", "screenshots");

export interface ConsoleGuard {
  /** Tolerate console errors matching `pattern` — for a request the test makes fail on purpose. */
  allow(pattern: RegExp): void;
}

/**
 * Fails the test on any console error or uncaught page error — a "Failed to load resource" for
 * a 4xx/5xx answer included, so a page that quietly fails a request fails here.
 */
export const test = base.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = `console error: ${message.text()} (${message.location().url})`;
        if (!allowed.some((pattern) => pattern.test(text))) errors.push(text);
      });
      page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
      await use({ allow: (pattern) => allowed.push(pattern) });
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
});

/** The browser's own log line for a request answered with `status`. */
export function failedRequest(status: number): RegExp {
  return new RegExp(`Failed to load resource: the server responded with a status of ${status}`);
}

export { expect };

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail" }).fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Save a screenshot as test-results/screenshots/<name>-<width>.png, once the page has finished
 * loading (no loader or skeleton left).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await expect(page.locator(".mantine-Loader-root, .mantine-Skeleton-root")).toHaveCount(0);
  mkdirSync(screenshots, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage, animations: "disabled" });
}

/** The page has no horizontal scrollbar: wide content scrolls inside its own container. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page is wider than the viewport").toBeLessThanOrEqual(1);
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
