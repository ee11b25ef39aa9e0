import type { components } from "@/generated/api";
import { api } from "@/lib/session";

export type Readiness = components["schemas"]["Readiness"];
export type ReadinessCheck = components["schemas"]["ReadinessCheck"];

/** The readiness report. A 503 carries the same report (a dependency is down): it is data, not an error. */
export async function fetchReadiness(): Promise<Readiness> {
  const { data, error } = await api.GET("/ready");
  const report = data ?? error;
  if (!report) throw new Error("The readiness report was empty");
  return report;
}
