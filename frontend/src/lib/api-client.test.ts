import { describe, expect, it, vi } from "vitest";

import { createApiClient } from "./api-client";
import { AuthStore, memoryTokenStorage, type TokenPair, type User } from "./auth-store";
import { ProblemError } from "./problem";

const BASE = "http://tollgate.test";

const user: User = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "admin@example.com",
  role: "admin",
  status: "active",
  name: "Admin",
  company: null,
  phone: null,
  address: null,
  country: null,
  timezone: "UTC",
  currency: "USD",
  language: "en",
  parent_id: null,
  plan_id: null,
  margin_percent: "0",
  group_id: null,
  sip_account_limit: 0,
  notification_preferences: {},
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

function pair(n: number): TokenPair {
  return { access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: 900, token_type: "Bearer", user };
}

function json(body: unknown, status = 200, type = "application/json"): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Response {
  const kind = status === 401 ? "unauthenticated" : "validation-error";
  return json(
    { type: `https://tollgate.dev/problems/${kind}`, title: "Problem", status, detail, ...extra },
    status,
    "application/problem+json",
  );
}

/**
 * A fake API: access tokens `access-N` are valid when N equals the current generation; each
 * refresh token works once (a reused one is refused, like the real rotation).
 */
function fakeServer(generation = 1, hold?: Promise<void>) {
  let current = generation;
  const spent = new Set<string>();
  const requests: Request[] = [];
  const refreshes: string[] = [];
  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    requests.push(request);
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/auth/refresh") {
      const body = (await request.json()) as { refresh_token: string };
      refreshes.push(body.refresh_token);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (body.refresh_token !== `refresh-${current}` || spent.has(body.refresh_token)) {
        return problem(401, "The refresh token is not valid");
      }
      spent.add(body.refresh_token);
      current += 1;
      return json(pair(current));
    }
    if (path === "/api/v1/users" && hold) await hold;
    if (request.headers.get("Authorization") !== `Bearer access-${current}`) {
      return problem(401, "The access token has expired");
    }
    if (path === "/api/v1/auth/me" && request.method === "PATCH") {
      const body = (await request.json()) as Partial<User>;
      return json({ ...user, ...body });
    }
    if (path === "/api/v1/auth/me") return json(user);
    if (path === "/api/v1/users") return json({ items: [user], total: 1, limit: 50, offset: 0 });
    return problem(404, "No route");
  });
  return { fetch, requests, refreshes };
}

function signedIn(accessGeneration: number, refreshGeneration = accessGeneration): AuthStore {
  const auth = new AuthStore(memoryTokenStorage());
  auth.signIn({ ...pair(accessGeneration), refresh_token: `refresh-${refreshGeneration}` });
  return auth;
}

describe("api client session handling", () => {
  it("sends the access token as a bearer token", async () => {
    const server = fakeServer(1);
    const api = createApiClient({ auth: signedIn(1), baseUrl: BASE, fetch: server.fetch });
    const { data } = await api.GET("/api/v1/auth/me");
    expect(data?.email).toBe("admin@example.com");
    expect(server.requests[0]?.headers.get("Authorization")).toBe("Bearer access-1");
    expect(server.refreshes).toEqual([]);
  });

  it("refreshes an expired access token once and retries the request with the new one", async () => {
    const server = fakeServer(1);
    // The store holds access-0 (expired) and refresh-1 (valid).
    const auth = signedIn(0, 1);
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    const { data } = await api.GET("/api/v1/users", { params: { query: { limit: 10 } } });
    expect(data?.total).toBe(1);
    expect(server.refreshes).toEqual(["refresh-1"]);
    expect(auth.getAccessToken()).toBe("access-2");
    expect(auth.getRefreshToken()).toBe("refresh-2");
    const retried = server.requests[server.requests.length - 1];
    expect(retried?.headers.get("Authorization")).toBe("Bearer access-2");
    expect(new URL(retried?.url ?? "").searchParams.get("limit")).toBe("10");
  });

  it("shares one refresh between concurrent requests that all got 401", async () => {
    const server = fakeServer(1);
    const auth = signedIn(0, 1);
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    const results = await Promise.all([
      api.GET("/api/v1/auth/me"),
      api.GET("/api/v1/users"),
      api.GET("/api/v1/auth/me"),
      api.GET("/api/v1/users"),
    ]);
    expect(results.every((result) => result.data !== undefined)).toBe(true);
    // Exactly one refresh: a second use of refresh-1 would have revoked the session.
    expect(server.refreshes).toEqual(["refresh-1"]);
    expect(auth.getUser()?.email).toBe("admin@example.com");
  });

  it("does not refresh again for a late 401 of a token that was already replaced", async () => {
    let release = () => {};
    const hold = new Promise<void>((resolve) => (release = resolve));
    const server = fakeServer(1, hold);
    const auth = signedIn(0, 1);
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    // Sent with access-0; its 401 arrives only after another request has refreshed.
    const late = api.GET("/api/v1/users");
    await api.GET("/api/v1/auth/me");
    expect(auth.getAccessToken()).toBe("access-2");
    release();
    const { data } = await late;
    expect(data?.total).toBe(1);
    expect(server.refreshes).toEqual(["refresh-1"]);
  });

  it("after a reload refreshes before the first request instead of collecting a 401", async () => {
    const server = fakeServer(1);
    const auth = new AuthStore(memoryTokenStorage("refresh-1"));
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    const [me, users] = await Promise.all([api.GET("/api/v1/auth/me"), api.GET("/api/v1/users")]);
    expect(me.data?.email).toBe("admin@example.com");
    expect(users.data?.total).toBe(1);
    expect(server.refreshes).toEqual(["refresh-1"]);
    const paths = server.requests.map((request) => new URL(request.url).pathname);
    expect(paths).toEqual(["/api/v1/auth/refresh", "/api/v1/auth/me", "/api/v1/users"]);
  });

  it("after a reload with a refused refresh token, signs out without sending the request", async () => {
    const server = fakeServer(3);
    const auth = new AuthStore(memoryTokenStorage("refresh-1"));
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    await expect(api.GET("/api/v1/auth/me")).rejects.toMatchObject({ status: 401 });
    const paths = server.requests.map((request) => new URL(request.url).pathname);
    expect(paths).toEqual(["/api/v1/auth/refresh"]);
    expect(auth.getRefreshToken()).toBeNull();
  });

  it("replays a request body on the retry", async () => {
    const server = fakeServer(1);
    const api = createApiClient({ auth: signedIn(0, 1), baseUrl: BASE, fetch: server.fetch });
    const { data } = await api.PATCH("/api/v1/auth/me", { body: { name: "Renamed" } });
    expect(data?.name).toBe("Renamed");
  });

  it("signs out and throws the 401 problem when the refresh token is refused", async () => {
    const server = fakeServer(5);
    const auth = signedIn(0, 1); // refresh-1 is not the server's current token
    const api = createApiClient({ auth, baseUrl: BASE, fetch: server.fetch });
    const failure = api.GET("/api/v1/auth/me");
    await expect(failure).rejects.toBeInstanceOf(ProblemError);
    await expect(failure).rejects.toMatchObject({ status: 401 });
    expect(auth.getUser()).toBeNull();
    expect(auth.getRefreshToken()).toBeNull();
    expect(server.refreshes).toEqual(["refresh-1"]);
  });

  it("retries only once when the retried request is refused as well", async () => {
    const auth = signedIn(0, 1);
    const calls: string[] = [];
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      calls.push(path);
      if (path === "/api/v1/auth/refresh") return json(pair(2));
      return problem(401, "Still no");
    });
    const api = createApiClient({ auth, baseUrl: BASE, fetch });
    await expect(api.GET("/api/v1/auth/me")).rejects.toMatchObject({ status: 401, detail: "Still no" });
    expect(calls).toEqual(["/api/v1/auth/me", "/api/v1/auth/refresh", "/api/v1/auth/me"]);
  });

  it("keeps the session when the refresh fails because the server is down", async () => {
    const auth = signedIn(0, 1);
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/auth/refresh") return new Response("Bad gateway", { status: 502 });
      return problem(401, "expired");
    });
    const api = createApiClient({ auth, baseUrl: BASE, fetch });
    await expect(api.GET("/api/v1/auth/me")).rejects.toMatchObject({ status: 502 });
    expect(auth.getRefreshToken()).toBe("refresh-1");
  });

  it("never sends the bearer token to sign-in, nor refreshes when sign-in fails", async () => {
    const auth = signedIn(1);
    const fetch = vi.fn(async () => problem(401, "Wrong e-mail or password"));
    const api = createApiClient({ auth, baseUrl: BASE, fetch });
    await expect(
      api.POST("/api/v1/auth/login", { body: { email: "a@example.com", password: "x" } }),
    ).rejects.toMatchObject({ status: 401, detail: "Wrong e-mail or password" });
    expect(fetch).toHaveBeenCalledTimes(1);
    const sent = fetch.mock.calls[0] as unknown as [Request];
    expect(sent[0].headers.get("Authorization")).toBeNull();
  });

  it("runs the refresh through the cross-tab lock", async () => {
    const server = fakeServer(1);
    const exclusive = vi.fn((task: () => Promise<unknown>) => task());
    const api = createApiClient({
      auth: signedIn(0, 1),
      baseUrl: BASE,
      fetch: server.fetch,
      exclusive: exclusive as <T>(task: () => Promise<T>) => Promise<T>,
    });
    await api.GET("/api/v1/auth/me");
    expect(exclusive).toHaveBeenCalledTimes(1);
  });
});

describe("api client problem handling", () => {
  it("throws a typed ProblemError with field errors for a problem+json answer", async () => {
    const fetch = vi.fn(async () =>
      problem(422, "Invalid input", {
        errors: [
          { field: "email", message: "already taken", source: "body" },
          { field: "notification_preferences.low_credit", message: "unknown event" },
        ],
        request_id: "req-1",
      }),
    );
    const api = createApiClient({ auth: signedIn(1), baseUrl: BASE, fetch });
    const error = await api
      .POST("/api/v1/users", { body: { email: "x@example.com", name: "X", password: "0123456789", role: "client" } })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProblemError);
    const problemError = error as ProblemError;
    expect(problemError.status).toBe(422);
    expect(problemError.kind).toBe("validation-error");
    expect(problemError.detail).toBe("Invalid input");
    expect(problemError.requestId).toBe("req-1");
    expect(problemError.fieldErrors(["email", "notification_preferences"])).toEqual({
      email: "already taken",
      notification_preferences: "unknown event",
    });
  });

  it("hands the readiness report of a 503 to the caller instead of throwing", async () => {
    const report = {
      status: "unavailable",
      checks: { postgres: { status: "error", latency_ms: 1000, detail: "timeout" } },
    };
    const fetch = vi.fn(async () => json(report, 503));
    const api = createApiClient({ auth: signedIn(1), baseUrl: BASE, fetch });
    const result = await api.GET("/ready");
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(report);
    expect(result.response.status).toBe(503);
  });

  it("turns a failure without problem details into a generic ProblemError", async () => {
    const fetch = vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } }));
    const api = createApiClient({ auth: signedIn(1), baseUrl: BASE, fetch });
    await expect(api.GET("/api/v1/users")).rejects.toMatchObject({ status: 502, type: "about:blank" });
  });
});
