import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Destination = components["schemas"]["DestinationRead"];
export type DestinationWrite = components["schemas"]["DestinationWrite"];
export type DestinationPatch = components["schemas"]["DestinationPatch"];
export type DestinationPage = components["schemas"]["Page_app.ratedecks.schemas.DestinationRead_"];
export type DestinationQuery = NonNullable<operations["listDestinations"]["parameters"]["query"]>;
export type DestinationType = NonNullable<DestinationWrite["type"]>;
export type DestinationImportForm = components["schemas"]["DestinationImportForm"];
export type DestinationImportMode = NonNullable<DestinationImportForm["mode"]>;
export type DestinationImportResult = components["schemas"]["DestinationImportResult"];
export type DestinationGroup = components["schemas"]["ratedecks_schemas_GroupRead"];
export type GroupWrite = components["schemas"]["GroupWrite"];
export type GroupPatch = components["schemas"]["GroupPatch"];
export type GroupPage = components["schemas"]["Page_app.ratedecks.schemas.GroupRead_"];
export type GroupQuery = NonNullable<operations["listDestinationGroups"]["parameters"]["query"]>;
export type BlockedGroups = components["schemas"]["BlockedGroupsRead"];

export const DESTINATION_TYPES: readonly DestinationType[] = ["landline", "mobile", "toll_free", "premium", "special"];

export async function listDestinations(query: DestinationQuery): Promise<DestinationPage> {
  return expectData(await api.GET("/api/v1/destinations", { params: { query } }));
}

export async function createDestination(body: DestinationWrite): Promise<Destination> {
  return expectData(await api.POST("/api/v1/destinations", { body }));
}

export async function updateDestination(id: string, body: DestinationPatch): Promise<Destination> {
  return expectData(await api.PATCH("/api/v1/destinations/{destination_id}", { params: { path: { destination_id: id } }, body }));
}

export async function deleteDestination(id: string): Promise<void> {
  await api.DELETE("/api/v1/destinations/{destination_id}", { params: { path: { destination_id: id } } });
}

/** Load a `prefix,destination[,country][,type]` CSV; one bad line and nothing changes (a 422 lists them). */
export async function importDestinations(file: File, mode: DestinationImportMode): Promise<DestinationImportResult> {
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("mode", mode);
  // openapi-fetch sends a FormData as it is, with the browser's multipart boundary.
  return expectData(await api.POST("/api/v1/destinations/imports", { body: form as unknown as DestinationImportForm }));
}

export async function listGroups(query: GroupQuery): Promise<GroupPage> {
  return expectData(await api.GET("/api/v1/destination-groups", { params: { query } }));
}

export async function createGroup(body: GroupWrite): Promise<DestinationGroup> {
  return expectData(await api.POST("/api/v1/destination-groups", { body }));
}

export async function updateGroup(id: string, body: GroupPatch): Promise<DestinationGroup> {
  return expectData(await api.PATCH("/api/v1/destination-groups/{group_id}", { params: { path: { group_id: id } }, body }));
}

export async function deleteGroup(id: string): Promise<void> {
  await api.DELETE("/api/v1/destination-groups/{group_id}", { params: { path: { group_id: id } } });
}

export async function getBlockedGroups(userId: string): Promise<BlockedGroups> {
  return expectData(await api.GET("/api/v1/users/{user_id}/blocked-destination-groups", { params: { path: { user_id: userId } } }));
}

/** Replace the groups a client may not call (an empty list lifts every block). */
export async function setBlockedGroups(userId: string, groupIds: string[]): Promise<BlockedGroups> {
  return expectData(
    await api.PUT("/api/v1/users/{user_id}/blocked-destination-groups", { params: { path: { user_id: userId } }, body: { group_ids: groupIds } }),
  );
}
