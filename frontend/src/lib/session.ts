import { useSyncExternalStore } from "react";

import { createApiClient } from "./api-client";
import { AuthStore, browserTokenStorage, REFRESH_TOKEN_KEY, type User } from "./auth-store";

/** The browser's one session and one API client. */
export const authStore = new AuthStore(browserTokenStorage());

function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("tollgate.refresh", task) as Promise<T>;
  }
  return task();
}

export const api = createApiClient({
  auth: authStore,
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  exclusive: acrossTabs,
});

if (typeof window !== "undefined") {
  // Signing out in one tab signs out every tab.
  window.addEventListener("storage", (event) => {
    if (event.key === REFRESH_TOKEN_KEY && event.newValue === null) authStore.forget();
  });
}

export function useCurrentUser(): User | null {
  return useSyncExternalStore(authStore.subscribe, authStore.getSnapshot).user;
}

/** The signed-in user, for components rendered only inside the signed-in shell. */
export function useSignedInUser(): User {
  const user = useCurrentUser();
  if (user === null) throw new Error("useSignedInUser outside the signed-in shell");
  return user;
}

/**
 * Restore the session on page load: a stored refresh token is exchanged for a new pair (and the
 * user). Without one, or when it is no longer valid, the app starts signed out.
 */
export async function restoreSession(): Promise<void> {
  if (authStore.getRefreshToken() === null) return;
  try {
    const { data } = await api.GET("/api/v1/auth/me");
    if (data) authStore.setUser(data);
  } catch {
    authStore.forget();
  }
}
