import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type QuoteRequest = components["schemas"]["QuoteRequest"];
export type Quote = components["schemas"]["Quote"];

export async function quoteCall(body: QuoteRequest): Promise<Quote> {
  return expectData(await api.POST("/api/v1/rating/quote", { body }));
}
