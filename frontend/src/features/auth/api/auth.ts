import { expectData } from "@/lib/api-client";
import { api, authStore } from "@/lib/session";

export async function signIn(email: string, password: string): Promise<void> {
  const pair = expectData(await api.POST("/api/v1/auth/login", { body: { email, password } }));
  authStore.signIn(pair);
}

/** Revoke the session on the server, then forget it here — even when the server is unreachable. */
export async function signOut(): Promise<void> {
  const refreshToken = authStore.getRefreshToken();
  try {
    if (refreshToken) await api.POST("/api/v1/auth/logout", { body: { refresh_token: refreshToken } });
  } finally {
    authStore.clear("signed-out");
  }
}

export async function requestPasswordReset(email: string): Promise<void> {
  await api.POST("/api/v1/auth/password-reset", { body: { email } });
}

export async function confirmPasswordReset(token: string, newPassword: string): Promise<void> {
  await api.POST("/api/v1/auth/password-reset/confirm", { body: { token, new_password: newPassword } });
}
