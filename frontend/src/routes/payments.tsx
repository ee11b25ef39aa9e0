import { Box, Group, Select } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { ClientSelect } from "@/components/ClientSelect";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { METHOD_LABELS, PAYMENT_STATUSES, type Payment, type PaymentStatus } from "@/features/payments/api/payments";
import { PaymentsTable } from "@/features/payments/components/PaymentsTable";
import { usePayments } from "@/features/payments/hooks/usePayments";
import { BRAND_NAME } from "@/lib/brand";
import { isUuid } from "@/lib/ids";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

const ALL_METHODS: readonly Payment["method"][] = ["bank_transfer", "cash", "card", "other", "online"];

interface PaymentsSearch {
  status?: PaymentStatus;
  method?: Payment["method"];
  client?: string;
  page?: number;
}

export const paymentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/payments",
  validateSearch: (search: Record<string, unknown>): PaymentsSearch => ({
    status: choiceParam(search.status, PAYMENT_STATUSES),
    method: choiceParam(search.method, ALL_METHODS),
    client: typeof search.client === "string" && isUuid(search.client) ? search.client : undefined,
    page: pageParam(search.page),
  }),
  component: () => (
    <RequireSection section="payments">
      <PaymentsPage />
    </RequireSection>
  ),
});

/** Every payment within reach; recording, voiding and refunding happen on the client's billing tab. */
function PaymentsPage() {
  useDocumentTitle(`Payments · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = paymentsRoute.useSearch();
  const navigate = useNavigate({ from: paymentsRoute.fullPath });
  const payments = usePayments({ status: search.status, method: search.method, user_id: search.client, limit: PAGE_SIZE, offset: offsetOf(search.page) });
  const filter = (next: Partial<PaymentsSearch>) => void navigate({ search: (current) => ({ ...current, ...next, page: undefined }), replace: true });
  const filtered = Boolean(search.status || search.method || search.client);
  return (
    <>
      <PageHeader title="Payments" description="Money received from clients: recorded by staff, or reported by a payment provider" />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select label="Status" placeholder="Any status" clearable data={PAYMENT_STATUSES.map((status) => ({ value: status, label: status }))} value={search.status ?? null} onChange={(value) => filter({ status: choiceParam(value, PAYMENT_STATUSES) })} style={{ flex: "0 1 160px" }} data-testid="payment-status-filter" />
        <Select label="Method" placeholder="Any method" clearable data={ALL_METHODS.map((method) => ({ value: method, label: METHOD_LABELS[method] }))} value={search.method ?? null} onChange={(value) => filter({ method: choiceParam(value, ALL_METHODS) })} style={{ flex: "0 1 180px" }} />
        <ClientSelect value={search.client} onChange={(client) => filter({ client })} style={{ flex: "1 1 240px" }} />
      </Group>
      {payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.total === 0 ? (
        <EmptyState title={filtered ? "No payment matches these filters" : "No payments yet"} description={filtered ? "Change or clear the filters." : "Record one on a client's billing tab."} />
      ) : (
        <Box opacity={payments.isPlaceholderData ? 0.6 : 1}>
          <PaymentsTable payments={payments.data.items} timeZone={me.timezone} showClient />
          <PaginationBar page={search.page ?? 1} total={payments.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
    </>
  );
}
