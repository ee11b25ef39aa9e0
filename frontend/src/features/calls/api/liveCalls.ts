import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type LiveCall = components["schemas"]["LiveCall"];

/** Every call in progress within reach (the API answers them all at once, not by page). */
export async function listLiveCalls(): Promise<LiveCall[]> {
  return expectData(await api.GET("/api/v1/calls/live"));
}
