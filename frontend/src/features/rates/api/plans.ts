import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Plan = components["schemas"]["PlanRead"];
export type PlanWrite = components["schemas"]["PlanWrite"];
export type PlanPatch = components["schemas"]["PlanPatch"];
export type PlanPage = components["schemas"]["Page_app.ratedecks.schemas.PlanRead_"];
export type PlanQuery = NonNullable<operations["listPlans"]["parameters"]["query"]>;

export async function listPlans(query: PlanQuery): Promise<PlanPage> {
  return expectData(await api.GET("/api/v1/plans", { params: { query } }));
}

export async function getPlan(planId: string): Promise<Plan> {
  return expectData(await api.GET("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } }));
}

export async function createPlan(body: PlanWrite): Promise<Plan> {
  return expectData(await api.POST("/api/v1/plans", { body }));
}

export async function updatePlan(planId: string, body: PlanPatch): Promise<Plan> {
  return expectData(await api.PATCH("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } }, body }));
}

export async function deletePlan(planId: string): Promise<void> {
  await api.DELETE("/api/v1/plans/{plan_id}", { params: { path: { plan_id: planId } } });
}
