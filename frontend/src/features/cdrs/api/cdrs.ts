import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Cdr = components["schemas"]["CdrRead"];
export type CdrPage = components["schemas"]["CdrPage"];
export type CdrQuery = NonNullable<operations["listCdrs"]["parameters"]["query"]>;
export type CdrSelection = Omit<CdrQuery, "limit" | "offset" | "sort">;
export type CdrSort = NonNullable<CdrQuery["sort"]>;
export type CdrDirection = NonNullable<CdrQuery["direction"]>;
export type Summary = components["schemas"]["Summary"];
export type SummaryRow = components["schemas"]["SummaryRow"];
export type SummaryPeriod = NonNullable<NonNullable<operations["summarizeCdrs"]["parameters"]["query"]>["period"]>;
export type SummaryBy = NonNullable<NonNullable<operations["summarizeCdrs"]["parameters"]["query"]>["by"]>;
export type TrunkStats = components["schemas"]["TrunkStats"];
export type TrunkStatsRow = components["schemas"]["TrunkStatsRow"];

export const CDR_SORTS: readonly CdrSort[] = ["-started_at", "started_at", "-cost", "cost"];
export const DIRECTIONS: readonly CdrDirection[] = ["outbound", "inbound", "local"];
export const PERIODS: readonly SummaryPeriod[] = ["day", "month"];
export const SUMMARY_BY: readonly SummaryBy[] = ["day", "month", "client", "trunk", "destination", "did"];
/** Asterisk's dispositions, which imports and the gateway store as they are. */
export const DISPOSITIONS = ["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"] as const;

export async function listCdrs(query: CdrQuery): Promise<CdrPage> {
  return expectData(await api.GET("/api/v1/cdrs", { params: { query } }));
}

export async function summarizeCdrs(query: CdrSelection & { by: SummaryBy }): Promise<Summary> {
  return expectData(await api.GET("/api/v1/cdrs/summary", { params: { query } }));
}

/** The filtered list as the API's CSV (the whole selection, not one page). */
export async function exportCdrs(query: CdrSelection & { sort?: CdrSort }): Promise<Blob> {
  const { data, response } = await api.GET("/api/v1/cdrs/export.csv", { params: { query }, parseAs: "blob" });
  return expectData({ data: data as Blob | undefined, response });
}

/** The calls that were not answered (busy, no answer, congestion, unavailable…). */
export async function listFailedCdrs(query: CdrQuery): Promise<CdrPage> {
  return expectData(await api.GET("/api/v1/cdrs/failed", { params: { query } }));
}

/** Per trunk: attempts, answered, ASR, ACD and the failure counts by kind. */
export async function cdrTrunkErrors(query: CdrSelection): Promise<TrunkStats> {
  return expectData(await api.GET("/api/v1/cdrs/trunk-errors", { params: { query } }));
}
