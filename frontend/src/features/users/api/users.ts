import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type User = components["schemas"]["UserRead"];
export type UserCreate = components["schemas"]["UserCreate"];
export type UserUpdate = components["schemas"]["UserUpdate"];
export type UserPage = components["schemas"]["Page_app.accounts.schemas.UserRead_"];
export type UserListQuery = NonNullable<operations["listUsers"]["parameters"]["query"]>;

export async function listUsers(query: UserListQuery): Promise<UserPage> {
  return expectData(await api.GET("/api/v1/users", { params: { query } }));
}

export async function getUser(userId: string): Promise<User> {
  return expectData(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } }));
}

export async function createUser(body: UserCreate): Promise<User> {
  return expectData(await api.POST("/api/v1/users", { body }));
}

export async function updateUser(userId: string, body: UserUpdate): Promise<User> {
  return expectData(await api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: userId } }, body }));
}

export async function deleteUser(userId: string): Promise<void> {
  await api.DELETE("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } });
}

/** How many accounts match: the `total` of a one-row page. */
export async function countUsers(query: Omit<UserListQuery, "limit" | "offset">): Promise<number> {
  return (await listUsers({ ...query, limit: 1, offset: 0 })).total;
}
