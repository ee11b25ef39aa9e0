import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type ApiKey = components["schemas"]["ApiKeyRead"];
export type ApiKeyCreate = components["schemas"]["ApiKeyCreate"];
export type ApiKeyCreated = components["schemas"]["ApiKeyCreated"];
export type ApiKeyPage = operations["listApiKeys"]["responses"][200]["content"]["application/json"];
export type ApiKeyQuery = NonNullable<operations["listApiKeys"]["parameters"]["query"]>;

export async function listApiKeys(query: ApiKeyQuery): Promise<ApiKeyPage> {
  return expectData(await api.GET("/api/v1/api-keys", { params: { query } }));
}

/** The answer holds the full token: it is shown once and exists nowhere else afterwards. */
export async function createApiKey(body: ApiKeyCreate): Promise<ApiKeyCreated> {
  return expectData(await api.POST("/api/v1/api-keys", { body }));
}

export async function revokeApiKey(apiKeyId: string): Promise<void> {
  await api.DELETE("/api/v1/api-keys/{api_key_id}", { params: { path: { api_key_id: apiKeyId } } });
}
