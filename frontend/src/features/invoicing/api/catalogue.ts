import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Service = components["schemas"]["ServiceRead"];
export type ServiceWrite = components["schemas"]["ServiceWrite"];
export type ServicePatch = components["schemas"]["ServicePatch"];
export type ServicePage = components["schemas"]["Page_app.invoicing.schemas.ServiceRead_"];
export type ServiceCycle = NonNullable<ServiceWrite["cycle"]>;
export type Subscription = components["schemas"]["SubscriptionRead"];
export type SubscriptionWrite = components["schemas"]["SubscriptionWrite"];
export type SubscriptionPatch = components["schemas"]["SubscriptionPatch"];
export type SubscriptionPage = components["schemas"]["Page_app.invoicing.schemas.SubscriptionRead_"];

export const CYCLES: readonly ServiceCycle[] = ["monthly", "quarterly", "yearly"];

export async function listServices(query: { limit: number; offset: number; active?: boolean }): Promise<ServicePage> {
  return expectData(await api.GET("/api/v1/services", { params: { query } }));
}

export async function createService(body: ServiceWrite): Promise<Service> {
  return expectData(await api.POST("/api/v1/services", { body }));
}

export async function updateService(serviceId: string, body: ServicePatch): Promise<Service> {
  return expectData(await api.PATCH("/api/v1/services/{service_id}", { params: { path: { service_id: serviceId } }, body }));
}

export async function deleteService(serviceId: string): Promise<void> {
  await api.DELETE("/api/v1/services/{service_id}", { params: { path: { service_id: serviceId } } });
}

export async function listSubscriptions(query: { client_id?: string; limit: number; offset: number }): Promise<SubscriptionPage> {
  return expectData(await api.GET("/api/v1/subscriptions", { params: { query } }));
}

export async function createSubscription(body: SubscriptionWrite): Promise<Subscription> {
  return expectData(await api.POST("/api/v1/subscriptions", { body }));
}

export async function updateSubscription(subscriptionId: string, body: SubscriptionPatch): Promise<Subscription> {
  return expectData(await api.PATCH("/api/v1/subscriptions/{subscription_id}", { params: { path: { subscription_id: subscriptionId } }, body }));
}

export async function deleteSubscription(subscriptionId: string): Promise<void> {
  await api.DELETE("/api/v1/subscriptions/{subscription_id}", { params: { path: { subscription_id: subscriptionId } } });
}
