import type { APIRequestContext } from "@playwright/test";

import { expect, expectNoHorizontalOverflow, PASSWORD, screenshot, signIn, test, unique } from "./fixtures";
import { apiToken } from "./seed";

async function created(request: APIRequestContext, path: string, headers: Record<string, string>, data: object): Promise<string> {
  const answer = await request.post(path, { headers, data });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: string }).id;
}

test("a client whose plan includes minutes sees how many are left, on its dashboard and balance page", async ({ page, request }) => {
  const headers = await apiToken(request, "admin@example.com");
  const deck = await created(request, "/api/v1/rate-decks", headers, { name: unique("e2e deck"), currency: "USD" });
  const plan = await created(request, "/api/v1/plans", headers, { name: unique("e2e bundle"), currency: "USD", country_code: "1", deck_ids: [deck] });
  const group = await created(request, "/api/v1/destination-groups", headers, { name: unique("US and Canada"), prefixes: ["1"] });
  await created(request, `/api/v1/plans/${plan}/allowances`, headers, { group_id: group, seconds: 6000, period: "monthly" });
  const email = `${unique("bundle")}@example.com`;
  await created(request, "/api/v1/users", headers, { email, name: "Bea Bundle", password: PASSWORD, role: "client", currency: "USD", plan_id: plan });

  await signIn(page, email);
  const card = page.getByTestId("allowances");
  await expect(card).toContainText("Included minutes");
  await expect(card.getByTestId("allowance-remaining")).toHaveText("100 of 100 min left");
  await page.getByTestId("nav-balance").click();
  await expect(page.getByTestId("allowances").getByTestId("allowance")).toContainText("monthly allowance");
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "client-balance-allowances");
});
