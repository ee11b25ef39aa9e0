import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Allowance = components["schemas"]["AllowanceRead"];
export type AllowanceWrite = components["schemas"]["AllowanceWrite"];
export type AllowancePatch = components["schemas"]["AllowancePatch"];
export type AllowancePeriod = NonNullable<AllowanceWrite["period"]>;
export type SpecialRate = components["schemas"]["SpecialRateRead"];
export type SpecialRateWrite = components["schemas"]["SpecialRateWrite"];
export type SpecialDirection = NonNullable<SpecialRateWrite["direction"]>;
export type OfferUse = components["schemas"]["OfferUse"];
export type OfferUsePage = components["schemas"]["Page_app.bundles.schemas.OfferUse_"];
export type OfferUseQuery = NonNullable<operations["listOfferUse"]["parameters"]["query"]>;

export const ALLOWANCE_PERIODS: readonly AllowancePeriod[] = ["monthly", "weekly", "daily"];
export const SPECIAL_DIRECTIONS: readonly SpecialDirection[] = ["outbound", "inbound"];

export async function listAllowances(planId: string): Promise<Allowance[]> {
  return expectData(await api.GET("/api/v1/plans/{plan_id}/allowances", { params: { path: { plan_id: planId } } }));
}

export async function createAllowance(planId: string, body: AllowanceWrite): Promise<Allowance> {
  return expectData(await api.POST("/api/v1/plans/{plan_id}/allowances", { params: { path: { plan_id: planId } }, body }));
}

export async function updateAllowance(planId: string, allowanceId: string, body: AllowancePatch): Promise<Allowance> {
  return expectData(
    await api.PATCH("/api/v1/plans/{plan_id}/allowances/{allowance_id}", { params: { path: { plan_id: planId, allowance_id: allowanceId } }, body }),
  );
}

export async function deleteAllowance(planId: string, allowanceId: string): Promise<void> {
  await api.DELETE("/api/v1/plans/{plan_id}/allowances/{allowance_id}", { params: { path: { plan_id: planId, allowance_id: allowanceId } } });
}

export async function listSpecialRates(planId: string): Promise<SpecialRate[]> {
  return expectData(await api.GET("/api/v1/plans/{plan_id}/special-rates", { params: { path: { plan_id: planId } } }));
}

export async function createSpecialRate(planId: string, body: SpecialRateWrite): Promise<SpecialRate> {
  return expectData(await api.POST("/api/v1/plans/{plan_id}/special-rates", { params: { path: { plan_id: planId } }, body }));
}

export async function deleteSpecialRate(planId: string, ruleId: string): Promise<void> {
  await api.DELETE("/api/v1/plans/{plan_id}/special-rates/{rule_id}", { params: { path: { plan_id: planId, rule_id: ruleId } } });
}

export async function listOfferUse(query: OfferUseQuery): Promise<OfferUsePage> {
  return expectData(await api.GET("/api/v1/offer-usage", { params: { query } }));
}
