import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api, authStore } from "@/lib/session";

export type Profile = components["schemas"]["UserRead"];
export type ProfileUpdate = components["schemas"]["UserUpdate"];
export type ChannelPreferences = components["schemas"]["ChannelPreferences"];

export async function getMe(): Promise<Profile> {
  return expectData(await api.GET("/api/v1/auth/me"));
}

export async function updateMe(body: ProfileUpdate): Promise<Profile> {
  const profile = expectData(await api.PATCH("/api/v1/auth/me", { body }));
  authStore.setUser(profile);
  return profile;
}

/**
 * Change the password. The server then revokes every session of the account, this one's
 * refresh token included, so sign in again with the new password to stay signed in.
 */
export async function changePassword(email: string, currentPassword: string, newPassword: string): Promise<void> {
  await api.POST("/api/v1/auth/password", { body: { current_password: currentPassword, new_password: newPassword } });
  const pair = expectData(await api.POST("/api/v1/auth/login", { body: { email, password: newPassword } }));
  authStore.signIn(pair);
}
