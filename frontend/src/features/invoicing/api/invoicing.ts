import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type Invoice = components["schemas"]["InvoiceRead"];
export type InvoiceLine = components["schemas"]["InvoiceLineRead"];
export type InvoicePage = components["schemas"]["Page_app.invoicing.schemas.InvoiceRead_"];
export type InvoiceQuery = NonNullable<operations["listInvoices"]["parameters"]["query"]>;
export type InvoiceStatus = NonNullable<InvoiceQuery["status"]>;
export type InvoiceKind = NonNullable<InvoiceQuery["kind"]>;
export type CreditNoteWrite = components["schemas"]["CreditNoteWrite"];
export type BillingRun = components["schemas"]["BillingRunRead"];
export type BillingRunWrite = components["schemas"]["BillingRunWrite"];
export type BillingRunPage = components["schemas"]["Page_app.invoicing.schemas.BillingRunRead_"];
export type InvoicingProfile = components["schemas"]["ProfileRead"];
export type InvoicingProfileUpdate = components["schemas"]["ProfileUpdate"];
export type ClientTerms = components["schemas"]["ClientTermsRead"];
export type ClientTermsUpdate = components["schemas"]["ClientTermsUpdate"];

export const INVOICE_STATUSES: readonly InvoiceStatus[] = ["draft", "issued", "paid", "void"];
export const INVOICE_KINDS: readonly InvoiceKind[] = ["invoice", "credit_note"];

const byId = (invoiceId: string) => ({ params: { path: { invoice_id: invoiceId } } });

export async function listInvoices(query: InvoiceQuery): Promise<InvoicePage> {
  return expectData(await api.GET("/api/v1/invoices", { params: { query } }));
}

export async function getInvoice(invoiceId: string): Promise<Invoice> {
  return expectData(await api.GET("/api/v1/invoices/{invoice_id}", byId(invoiceId)));
}

export type InvoiceAction = "issue" | "void" | "paid";

export async function invoiceAction(invoiceId: string, action: InvoiceAction): Promise<Invoice> {
  if (action === "issue") return expectData(await api.POST("/api/v1/invoices/{invoice_id}/issue", byId(invoiceId)));
  if (action === "void") return expectData(await api.POST("/api/v1/invoices/{invoice_id}/void", byId(invoiceId)));
  return expectData(await api.POST("/api/v1/invoices/{invoice_id}/paid", byId(invoiceId)));
}

export async function deleteDraft(invoiceId: string): Promise<void> {
  // Problems are thrown by the client's middleware.
  await api.DELETE("/api/v1/invoices/{invoice_id}", byId(invoiceId));
}

export async function createCreditNote(invoiceId: string, body: CreditNoteWrite): Promise<Invoice> {
  return expectData(await api.POST("/api/v1/invoices/{invoice_id}/credit-notes", { ...byId(invoiceId), body }));
}

export async function invoicePdf(invoiceId: string): Promise<Blob> {
  const { data, response } = await api.GET("/api/v1/invoices/{invoice_id}/pdf", { ...byId(invoiceId), parseAs: "blob" });
  return expectData({ data: data as Blob | undefined, response });
}

export async function invoiceCdrs(invoiceId: string): Promise<Blob> {
  const { data, response } = await api.GET("/api/v1/invoices/{invoice_id}/cdrs.csv", { ...byId(invoiceId), parseAs: "blob" });
  return expectData({ data: data as Blob | undefined, response });
}

export async function listBillingRuns(query: { limit: number; offset: number }): Promise<BillingRunPage> {
  return expectData(await api.GET("/api/v1/billing-runs", { params: { query } }));
}

export async function getBillingRun(runId: string): Promise<BillingRun> {
  return expectData(await api.GET("/api/v1/billing-runs/{run_id}", { params: { path: { run_id: runId } } }));
}

export async function startBillingRun(body: BillingRunWrite): Promise<BillingRun> {
  return expectData(await api.POST("/api/v1/billing-runs", { body }));
}

export async function getInvoicingProfile(): Promise<InvoicingProfile> {
  return expectData(await api.GET("/api/v1/invoicing-profile"));
}

export async function updateInvoicingProfile(body: InvoicingProfileUpdate): Promise<InvoicingProfile> {
  return expectData(await api.PATCH("/api/v1/invoicing-profile", { body }));
}

export async function getClientTerms(userId: string): Promise<ClientTerms> {
  return expectData(await api.GET("/api/v1/users/{user_id}/invoicing", { params: { path: { user_id: userId } } }));
}

export async function updateClientTerms(userId: string, body: ClientTermsUpdate): Promise<ClientTerms> {
  return expectData(await api.PATCH("/api/v1/users/{user_id}/invoicing", { params: { path: { user_id: userId } }, body }));
}
