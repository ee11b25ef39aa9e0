import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Deck = components["schemas"]["DeckRead"];
export type DeckCreate = components["schemas"]["DeckCreate"];
export type DeckUpdate = components["schemas"]["DeckUpdate"];
export type DeckPage = components["schemas"]["Page_app.ratedecks.schemas.DeckRead_"];
export type DeckQuery = NonNullable<operations["listRateDecks"]["parameters"]["query"]>;
export type DeckVersion = components["schemas"]["VersionRead"];
export type Rate = components["schemas"]["RateRead"];
export type RatePage = components["schemas"]["Page_app.ratedecks.schemas.RateRead_"];
export type RateQuery = NonNullable<operations["listRates"]["parameters"]["query"]>;
// By operation, not schema name: the schema's generated name changes when another feature adds an ImportForm.
export type ImportForm = operations["importRates"]["requestBody"]["content"]["multipart/form-data"];
export type Job = components["schemas"]["JobRead"];

export const DECK_KINDS = ["sell", "buy"] as const;
export type DeckKind = (typeof DECK_KINDS)[number];

export async function listDecks(query: DeckQuery): Promise<DeckPage> {
  return expectData(await api.GET("/api/v1/rate-decks", { params: { query } }));
}

export async function getDeck(deckId: string): Promise<Deck> {
  return expectData(await api.GET("/api/v1/rate-decks/{deck_id}", { params: { path: { deck_id: deckId } } }));
}

export async function createDeck(body: DeckCreate): Promise<Deck> {
  return expectData(await api.POST("/api/v1/rate-decks", { body }));
}

export async function updateDeck(deckId: string, body: DeckUpdate): Promise<Deck> {
  return expectData(await api.PATCH("/api/v1/rate-decks/{deck_id}", { params: { path: { deck_id: deckId } }, body }));
}

export async function deleteDeck(deckId: string): Promise<void> {
  await api.DELETE("/api/v1/rate-decks/{deck_id}", { params: { path: { deck_id: deckId } } });
}

export async function listVersions(deckId: string): Promise<DeckVersion[]> {
  return expectData(await api.GET("/api/v1/rate-decks/{deck_id}/versions", { params: { path: { deck_id: deckId } } }));
}

export async function listRates(deckId: string, query: RateQuery): Promise<RatePage> {
  return expectData(await api.GET("/api/v1/rate-decks/{deck_id}/rates", { params: { path: { deck_id: deckId }, query } }));
}

export interface ImportRequest {
  file: Blob;
  filename: string;
  format: NonNullable<ImportForm["format"]>;
  onError: NonNullable<ImportForm["on_error"]>;
  stripPrefix: string;
  addPrefix: string;
}

/** Upload a rate CSV; the answer is the job that imports it (poll it with getJob). */
export async function importRates(deckId: string, request: ImportRequest): Promise<Job> {
  const form = new FormData();
  form.append("file", request.file, request.filename);
  form.append("format", request.format);
  form.append("on_error", request.onError);
  form.append("strip_prefix", request.stripPrefix);
  form.append("add_prefix", request.addPrefix);
  return expectData(
    await api.POST("/api/v1/rate-decks/{deck_id}/imports", {
      params: { path: { deck_id: deckId } },
      // The generated type describes the multipart fields; openapi-fetch sends a FormData as
      // it is, with the browser's multipart boundary.
      body: form as unknown as ImportForm,
    }),
  );
}

export async function getJob(jobId: string): Promise<Job> {
  return expectData(await api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } }));
}
