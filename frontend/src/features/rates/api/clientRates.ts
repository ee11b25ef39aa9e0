import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type CustomRate = components["schemas"]["CustomRateRead"];
export type CustomRateWrite = components["schemas"]["CustomRateWrite"];
export type CustomRatePage = components["schemas"]["Page_app.ratedecks.client_rates.CustomRateRead_"];
export type CustomRateQuery = NonNullable<operations["listCustomRates"]["parameters"]["query"]>;
export type Offer = components["schemas"]["OfferRead"];
export type OfferWrite = components["schemas"]["OfferWrite"];
export type OfferPage = components["schemas"]["Page_app.ratedecks.client_rates.OfferRead_"];
export type OfferQuery = NonNullable<operations["listOffers"]["parameters"]["query"]>;
export type Client = components["schemas"]["UserRead"];

export async function listCustomRates(query: CustomRateQuery): Promise<CustomRatePage> {
  return expectData(await api.GET("/api/v1/custom-rates", { params: { query } }));
}

export async function createCustomRate(body: CustomRateWrite): Promise<CustomRate> {
  return expectData(await api.POST("/api/v1/custom-rates", { body }));
}

export async function deleteCustomRate(id: string): Promise<void> {
  await api.DELETE("/api/v1/custom-rates/{custom_rate_id}", { params: { path: { custom_rate_id: id } } });
}

export async function listOffers(query: OfferQuery): Promise<OfferPage> {
  return expectData(await api.GET("/api/v1/offers", { params: { query } }));
}

export async function createOffer(body: OfferWrite): Promise<Offer> {
  return expectData(await api.POST("/api/v1/offers", { body }));
}

export async function deleteOffer(id: string): Promise<void> {
  await api.DELETE("/api/v1/offers/{offer_id}", { params: { path: { offer_id: id } } });
}

export async function getClient(userId: string): Promise<Client> {
  return expectData(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } }));
}
