import type { APIRequestContext } from "@playwright/test";

import { expect, PASSWORD, unique } from "./fixtures";

/** Sign in through the API; the bearer header of that user. */
export async function apiToken(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const login = await request.post("/api/v1/auth/login", { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return { Authorization: `Bearer ${token}` };
}

async function userId(request: APIRequestContext, headers: Record<string, string>, email: string): Promise<string> {
  const found = await request.get("/api/v1/users", { headers, params: { search: email } });
  expect(found.status()).toBe(200);
  const { items } = (await found.json()) as { items: { id: string; email: string }[] };
  const user = items.find((item) => item.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

export interface SeededCall {
  number: string;
  owner: string;
}

/**
 * Calls for demo clients, through the API as an admin: each client gets a SIP user with a fresh
 * account code, and a generic CDR CSV naming those account codes is imported (a job, followed
 * to its end). Numbers are unique to this run, so a test can tell its calls apart.
 */
export async function seedCalls(request: APIRequestContext, calls: { owner: string; prefix: string; seconds: number; disposition?: string }[]): Promise<SeededCall[]> {
  const headers = await apiToken(request, "admin@example.com");
  const codes = new Map<string, string>();
  for (const owner of new Set(calls.map((call) => call.owner))) {
    const ownerId = await userId(request, headers, owner);
    const code = unique("acct").replace(/-/g, "_");
    const created = await request.post("/api/v1/sip-users", {
      headers,
      data: { owner_id: ownerId, username: unique("cdr").replace(/-/g, "."), account_code: code },
    });
    expect(created.status(), await created.text()).toBe(201);
    codes.set(owner, code);
  }
  const now = Date.now();
  const seeded = calls.map((call, index) => ({
    ...call,
    number: `${call.prefix}${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    start: new Date(now - (index + 2) * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  }));
  const csv = [
    "from,to,start,duration,billsec,disposition,account_code",
    ...seeded.map((call) => `100,${call.number},${call.start},${call.seconds + 5},${call.seconds},${call.disposition ?? "ANSWERED"},${codes.get(call.owner) ?? ""}`),
    "",
  ].join("\n");
  const upload = await request.post("/api/v1/cdrs/imports", {
    headers,
    multipart: { source: unique("e2e"), format: "generic", file: { name: "calls.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } },
  });
  expect(upload.status(), await upload.text()).toBe(202);
  const { id } = (await upload.json()) as { id: string };
  await expect
    .poll(
      async () => {
        const job = await request.get(`/api/v1/jobs/${id}`, { headers });
        return ((await job.json()) as { status: string }).status;
      },
      { timeout: 30_000 },
    )
    .toBe("succeeded");
  return seeded.map(({ number, owner }) => ({ number, owner }));
}
