import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { paths } from "@/generated/api";

import type { AuthStore } from "./auth-store";
import { isProblemResponse, problemFromResponse, ProblemError } from "./problem";

export type ApiClient = Client<paths>;
type Fetch = (request: Request) => Promise<Response>;

/** Operations that must never carry the session's bearer token nor trigger a refresh. */
const SESSIONLESS_PATHS = new Set<string>([
  "/api/v1/auth/login",
  "/api/v1/auth/refresh",
  "/api/v1/auth/logout",
  "/api/v1/auth/password-reset",
  "/api/v1/auth/password-reset/confirm",
]);

export interface ApiClientOptions {
  auth: AuthStore;
  baseUrl?: string;
  fetch?: Fetch;
  /** Runs a refresh exclusively across tabs (navigator.locks in the browser). */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * The one API client: openapi-fetch over the generated `paths`, with one middleware that
 *
 * 1. adds the session's bearer token (after a reload, when only the refresh token is left, it
 *    refreshes first);
 * 2. on a 401, refreshes the session once — concurrent 401s share that one refresh, because a
 *    refresh token works once and presenting it twice revokes the session — and retries the
 *    request once with the new token;
 * 3. turns every problem+json answer into a thrown {@link ProblemError}.
 *
 * A failed answer that is plain JSON (the readiness report of `GET /ready`, the one operation
 * whose 503 carries its own body) is left to the caller as openapi-fetch's `error`; any other
 * failed answer becomes a generic ProblemError.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  const baseUrl = options.baseUrl ?? "";
  const client = createClient<paths>({ baseUrl, fetch: fetchImpl });
  const refresh = singleFlightRefresh(options.auth, createClient<paths>({ baseUrl, fetch: fetchImpl }), options.exclusive);
  client.use(sessionMiddleware(options.auth, refresh));
  return client;
}

/**
 * A function that returns a fresh access token, refreshing the session at most once at a time.
 * `stale` is the token a failed request carried: when the store already holds another one, a
 * concurrent refresh has produced it and it is returned without a new refresh.
 */
export type Refresh = (stale: string | null) => Promise<string | null>;

export function singleFlightRefresh(
  auth: AuthStore,
  bare: ApiClient,
  exclusive: <T>(task: () => Promise<T>) => Promise<T> = (task) => task(),
): Refresh {
  let inflight: Promise<string | null> | null = null;

  const run = async (): Promise<string | null> => {
    // Read the refresh token inside the lock: another tab may have rotated it meanwhile.
    const refreshToken = auth.getRefreshToken();
    if (!refreshToken) {
      auth.forget();
      return null;
    }
    const { data, response } = await bare.POST("/api/v1/auth/refresh", {
      body: { refresh_token: refreshToken },
    });
    if (data) {
      auth.signIn(data);
      return data.access_token;
    }
    if (response.status >= 500) {
      // The server is down, not the session: keep the refresh token for the next try.
      throw await problemFromResponse(response);
    }
    auth.clear();
    return null;
  };

  return (stale) => {
    const current = auth.getAccessToken();
    if (current !== null && current !== stale) return Promise.resolve(current);
    if (inflight === null) {
      inflight = exclusive(run).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  };
}

function signedOut(): ProblemError {
  return new ProblemError({
    type: "https://tollgate.dev/problems/unauthenticated",
    title: "Unauthenticated",
    status: 401,
    detail: "Your session has ended. Sign in again.",
  });
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get("Authorization");
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : null;
}

export function sessionMiddleware(auth: AuthStore, refresh: Refresh): Middleware {
  // A copy of each request as sent, to replay it once after a refresh (fetch consumes bodies).
  const replays = new Map<string, Request>();

  return {
    async onRequest({ request, schemaPath, id }) {
      if (SESSIONLESS_PATHS.has(schemaPath)) return undefined;
      let token = auth.getAccessToken();
      if (token === null && auth.getRefreshToken() !== null) {
        // After a reload only the refresh token is left: get an access token before sending,
        // rather than collecting a 401 first.
        token = await refresh(null);
        if (token === null) throw signedOut();
      }
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      replays.set(id, request.clone());
      return request;
    },

    async onResponse({ request, response, id, options }) {
      const replay = replays.get(id);
      replays.delete(id);
      let answer = response;
      if (answer.status === 401 && replay !== undefined && auth.getRefreshToken() !== null) {
        const token = await refresh(bearerOf(request));
        if (token !== null) {
          replay.headers.set("Authorization", `Bearer ${token}`);
          answer = await options.fetch(replay);
        }
      }
      if (!answer.ok && (isProblemResponse(answer) || !isJsonResponse(answer))) {
        throw await problemFromResponse(answer);
      }
      return answer;
    },

    onError({ id }) {
      replays.delete(id);
      return undefined;
    },
  };
}

function isJsonResponse(response: Response): boolean {
  return (response.headers.get("Content-Type") ?? "").includes("json");
}

/** The data of a successful answer; the middleware has already thrown for failures. */
export function expectData<T>(result: { data?: T; response: Response }): T {
  if (result.data === undefined) {
    throw new ProblemError({
      type: "about:blank",
      title: "Unexpected answer",
      status: result.response.status,
      detail: `The server answered ${result.response.status} without the expected content.`,
    });
  }
  return result.data;
}
