import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Preferences = components["schemas"]["PreferencesRead"];
export type PreferencesUpdate = components["schemas"]["PreferencesUpdate"];

export async function getPreferences(userId: string): Promise<Preferences> {
  return expectData(await api.GET("/api/v1/users/{user_id}/preferences", { params: { path: { user_id: userId } } }));
}

export async function updatePreferences(userId: string, body: PreferencesUpdate): Promise<Preferences> {
  return expectData(await api.PATCH("/api/v1/users/{user_id}/preferences", { params: { path: { user_id: userId } }, body }));
}
