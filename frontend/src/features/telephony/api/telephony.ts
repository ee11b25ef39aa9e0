import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type SipUser = components["schemas"]["SipUserRead"];
export type SipUserCreate = components["schemas"]["SipUserCreate"];
export type SipUserPatch = components["schemas"]["SipUserPatch"];
export type SipUserPage = components["schemas"]["Page_app.telephony.schemas.SipUserRead_"];
export type SipUserQuery = NonNullable<operations["listSipUsers"]["parameters"]["query"]>;
export type Trunk = components["schemas"]["TrunkRead"];
export type TrunkWrite = components["schemas"]["TrunkWrite"];
export type TrunkPatch = components["schemas"]["TrunkPatch"];
export type TrunkPage = components["schemas"]["Page_app.telephony.schemas.TrunkRead_"];
export type TrunkQuery = NonNullable<operations["listTrunks"]["parameters"]["query"]>;
export type TrunkGroup = components["schemas"]["TrunkGroupRead"];
export type TrunkGroupWrite = components["schemas"]["TrunkGroupWrite"];
export type TrunkGroupPage = components["schemas"]["Page_app.telephony.schemas.TrunkGroupRead_"];
export type TrunkGroupQuery = NonNullable<operations["listTrunkGroups"]["parameters"]["query"]>;

export const SIP_STATUSES = ["active", "suspended"] as const;
export const TRUNK_STATUSES = ["active", "disabled"] as const;

export async function listSipUsers(query: SipUserQuery): Promise<SipUserPage> {
  return expectData(await api.GET("/api/v1/sip-users", { params: { query } }));
}

/** The answer is the only one that shows the secret. */
export async function createSipUser(body: SipUserCreate): Promise<SipUser> {
  return expectData(await api.POST("/api/v1/sip-users", { body }));
}

export async function updateSipUser(id: string, body: SipUserPatch): Promise<SipUser> {
  return expectData(await api.PATCH("/api/v1/sip-users/{sip_user_id}", { params: { path: { sip_user_id: id } }, body }));
}

/** A new generated secret, shown in this answer only. */
export async function rotateSipUserSecret(id: string): Promise<SipUser> {
  return expectData(await api.POST("/api/v1/sip-users/{sip_user_id}/secret", { params: { path: { sip_user_id: id } } }));
}

export async function deleteSipUser(id: string): Promise<void> {
  await api.DELETE("/api/v1/sip-users/{sip_user_id}", { params: { path: { sip_user_id: id } } });
}

export async function listTrunks(query: TrunkQuery): Promise<TrunkPage> {
  return expectData(await api.GET("/api/v1/trunks", { params: { query } }));
}

export async function createTrunk(body: TrunkWrite): Promise<Trunk> {
  return expectData(await api.POST("/api/v1/trunks", { body }));
}

export async function updateTrunk(id: string, body: TrunkPatch): Promise<Trunk> {
  return expectData(await api.PATCH("/api/v1/trunks/{trunk_id}", { params: { path: { trunk_id: id } }, body }));
}

export async function deleteTrunk(id: string): Promise<void> {
  await api.DELETE("/api/v1/trunks/{trunk_id}", { params: { path: { trunk_id: id } } });
}

export async function listTrunkGroups(query: TrunkGroupQuery): Promise<TrunkGroupPage> {
  return expectData(await api.GET("/api/v1/trunk-groups", { params: { query } }));
}

export async function createTrunkGroup(body: TrunkGroupWrite): Promise<TrunkGroup> {
  return expectData(await api.POST("/api/v1/trunk-groups", { body }));
}

export async function updateTrunkGroup(id: string, body: Partial<TrunkGroupWrite>): Promise<TrunkGroup> {
  return expectData(await api.PATCH("/api/v1/trunk-groups/{group_id}", { params: { path: { group_id: id } }, body }));
}

export async function deleteTrunkGroup(id: string): Promise<void> {
  await api.DELETE("/api/v1/trunk-groups/{group_id}", { params: { path: { group_id: id } } });
}
