import { Anchor, Box, Group, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { INVOICE_KINDS, INVOICE_STATUSES } from "@/features/invoicing/api/invoicing";
import { InvoiceFilters, type InvoiceFilterValues } from "@/features/invoicing/components/InvoiceFilters";
import { InvoicesTable } from "@/features/invoicing/components/InvoicesTable";
import { useInvoices } from "@/features/invoicing/hooks/useInvoicing";
import { BRAND_NAME } from "@/lib/brand";
import { isUuid } from "@/lib/ids";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface InvoicesSearch extends InvoiceFilterValues {
  page?: number;
}

const uuidParam = (value: unknown) => (typeof value === "string" && isUuid(value) ? value : undefined);

export const invoicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices",
  validateSearch: (search: Record<string, unknown>): InvoicesSearch => ({
    status: choiceParam(search.status, INVOICE_STATUSES),
    kind: choiceParam(search.kind, INVOICE_KINDS),
    client: uuidParam(search.client),
    run: uuidParam(search.run),
    page: pageParam(search.page),
  }),
  component: () => (
    <RequireSection section="invoices">
      <InvoicesPage />
    </RequireSection>
  ),
});

function InvoicesPage() {
  const me = useSignedInUser();
  const isClient = me.role === "client";
  const title = isClient ? "My invoices" : "Invoices";
  useDocumentTitle(`${title} · ${BRAND_NAME}`);
  const search = invoicesRoute.useSearch();
  const navigate = useNavigate({ from: invoicesRoute.fullPath });
  const invoices = useInvoices({
    status: search.status,
    kind: search.kind,
    client_id: isClient ? undefined : search.client,
    billing_run_id: search.run,
    limit: PAGE_SIZE,
    offset: offsetOf(search.page),
  });
  const { page: _page, ...filters } = search;
  const filtered = Boolean(search.status || search.kind || search.client || search.run);
  const setFilters = (next: InvoiceFilterValues) => void navigate({ search: { ...next, run: search.run }, replace: true });

  return (
    <>
      <PageHeader
        title={title}
        description={isClient ? "Your invoices and credit notes, newest first" : "Invoices and credit notes within your reach, newest first"}
      />
      {search.run ? (
        <Group gap="xs" mb="sm">
          <Text size="sm">Made by one billing run.</Text>
          <Anchor size="sm" onClick={() => void navigate({ search: (current) => ({ ...current, run: undefined, page: undefined }), replace: true })} data-testid="clear-run">
            Show every invoice
          </Anchor>
        </Group>
      ) : null}
      <InvoiceFilters values={filters} withClient={!isClient} onChange={setFilters} />
      {invoices.isPending ? (
        <LoadingState />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.total === 0 ? (
        <EmptyState
          title={filtered ? "No invoice matches these filters" : "No invoices yet"}
          description={filtered ? "Change or clear the filters." : isClient ? "Invoices appear here once they are issued." : "A billing run makes them."}
        />
      ) : (
        <Box opacity={invoices.isPlaceholderData ? 0.6 : 1}>
          <InvoicesTable invoices={invoices.data.items} timeZone={me.timezone} showClient={!isClient} />
          <PaginationBar page={search.page ?? 1} total={invoices.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
    </>
  );
}
