import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import {
  createCreditNote,
  deleteDraft,
  getBillingRun,
  getClientTerms,
  getInvoice,
  getInvoicingProfile,
  invoiceAction,
  invoiceCdrs,
  invoicePdf,
  listBillingRuns,
  listInvoices,
  startBillingRun,
  updateClientTerms,
  updateInvoicingProfile,
  type BillingRun,
  type BillingRunWrite,
  type ClientTermsUpdate,
  type CreditNoteWrite,
  type InvoiceAction,
  type InvoiceQuery,
  type InvoicingProfileUpdate,
} from "../api/invoicing";

const INVOICES = ["invoices"] as const;
const RUNS = ["billing-runs"] as const;

export function useInvoices(query: InvoiceQuery) {
  return useQuery({ queryKey: [...INVOICES, "list", query], queryFn: () => listInvoices(query), placeholderData: keepPreviousData });
}

export function useInvoice(invoiceId: string) {
  return useQuery({ queryKey: [...INVOICES, "detail", invoiceId], queryFn: () => getInvoice(invoiceId) });
}

export function useInvoiceAction(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: InvoiceAction) => invoiceAction(invoiceId, action),
    onSuccess: (invoice) => {
      queryClient.setQueryData([...INVOICES, "detail", invoiceId], invoice);
      // Issuing or voiding posts ledger entries: balances change too.
      void queryClient.invalidateQueries({ queryKey: ["billing"] });
      return queryClient.invalidateQueries({ queryKey: [...INVOICES, "list"] });
    },
  });
}

export function useDeleteDraft(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteDraft(invoiceId),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: [...INVOICES, "detail", invoiceId] });
      return queryClient.invalidateQueries({ queryKey: [...INVOICES, "list"] });
    },
  });
}

export function useCreateCreditNote(invoiceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreditNoteWrite) => createCreditNote(invoiceId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["billing"] });
      return queryClient.invalidateQueries({ queryKey: INVOICES });
    },
  });
}

export function useInvoiceDownload(kind: "pdf" | "cdrs") {
  return useMutation({ mutationFn: (invoiceId: string) => (kind === "pdf" ? invoicePdf(invoiceId) : invoiceCdrs(invoiceId)) });
}

export function useBillingRuns(query: { limit: number; offset: number }) {
  return useQuery({ queryKey: [...RUNS, "list", query], queryFn: () => listBillingRuns(query), placeholderData: keepPreviousData });
}

export function isRunFinished(run: BillingRun): boolean {
  return run.status === "succeeded" || run.status === "failed";
}

/** A run, polled every half second until it has finished. */
export function useBillingRun(runId: string) {
  return useQuery({
    queryKey: [...RUNS, "detail", runId],
    queryFn: () => getBillingRun(runId),
    refetchInterval: (query) => (query.state.data && isRunFinished(query.state.data) ? false : 500),
  });
}

export function useStartBillingRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BillingRunWrite) => startBillingRun(body),
    onSuccess: (run) => {
      queryClient.setQueryData([...RUNS, "detail", run.id], run);
      return queryClient.invalidateQueries({ queryKey: [...RUNS, "list"] });
    },
  });
}

export function useInvoicingProfile() {
  return useQuery({ queryKey: ["invoicing-profile"], queryFn: getInvoicingProfile });
}

export function useUpdateInvoicingProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvoicingProfileUpdate) => updateInvoicingProfile(body),
    onSuccess: (profile) => queryClient.setQueryData(["invoicing-profile"], profile),
  });
}

export function useClientTerms(userId: string) {
  return useQuery({ queryKey: ["client-invoicing", userId], queryFn: () => getClientTerms(userId) });
}

export function useUpdateClientTerms(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientTermsUpdate) => updateClientTerms(userId, body),
    onSuccess: (terms) => queryClient.setQueryData(["client-invoicing", userId], terms),
  });
}
