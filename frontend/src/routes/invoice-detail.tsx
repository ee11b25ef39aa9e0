import { Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import type { ReactNode } from "react";

import { RequireSection } from "@/app/RequireSection";
import { AnchorLink } from "@/components/AnchorLink";
import { ClientName } from "@/components/ClientName";
import { Money } from "@/components/Money";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import type { Invoice } from "@/features/invoicing/api/invoicing";
import { InvoiceActions } from "@/features/invoicing/components/InvoiceActions";
import { InvoiceKindLabel, InvoiceStatusBadge } from "@/features/invoicing/components/InvoiceBadges";
import { InvoiceDownloads } from "@/features/invoicing/components/InvoiceDownloads";
import { InvoiceLines } from "@/features/invoicing/components/InvoiceLines";
import { useInvoice } from "@/features/invoicing/hooks/useInvoicing";
import { BRAND_NAME } from "@/lib/brand";
import { formatDate, formatDateTime } from "@/lib/dates";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const invoiceDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoices/$invoiceId",
  component: () => (
    <RequireSection section="invoices">
      <InvoiceDetailPage />
    </RequireSection>
  ),
});

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

function Facts({ invoice, timeZone, showClient }: { invoice: Invoice; timeZone: string; showClient: boolean }) {
  const charged = invoice.kind === "invoice" ? invoice.usage_total : null;
  return (
    <Paper withBorder radius="md" p="md">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
        {showClient ? (
          <Fact label="Client">
            <ClientName userId={invoice.client_id} tab="invoicing" />
          </Fact>
        ) : null}
        <Fact label="Period">{invoice.period_label ?? "—"}</Fact>
        <Fact label="Issued">{invoice.issued_at ? formatDateTime(invoice.issued_at, { timeZone }) : "Not yet"}</Fact>
        <Fact label={invoice.status === "paid" ? "Paid" : "Due"}>
          {invoice.status === "paid" ? formatDateTime(invoice.paid_at, { timeZone }) : invoice.due_at ? formatDate(invoice.due_at, { timeZone }) : "—"}
        </Fact>
        <Fact label="Account">{invoice.account_kind}</Fact>
        {charged !== null ? (
          <Fact label="Usage already charged">
            <Money amount={charged} currency={invoice.currency} />
          </Fact>
        ) : null}
        {invoice.credited_invoice_id ? (
          <Fact label="Credits">
            <AnchorLink to="/invoices/$invoiceId" params={{ invoiceId: invoice.credited_invoice_id }} size="sm">
              the invoice
            </AnchorLink>
          </Fact>
        ) : null}
      </SimpleGrid>
      {invoice.note ? (
        <Text size="sm" mt="sm">
          {invoice.note}
        </Text>
      ) : null}
    </Paper>
  );
}

/** One invoice or credit note: its facts, lines and totals, downloads, and staff actions. */
function InvoiceDetailPage() {
  const me = useSignedInUser();
  const isClient = me.role === "client";
  const { invoiceId } = invoiceDetailRoute.useParams();
  const navigate = useNavigate();
  const invoice = useInvoice(invoiceId);
  const name = invoice.data ? `${InvoiceKindLabel(invoice.data.kind)} ${invoice.data.number ?? "(draft)"}` : "Invoice";
  useDocumentTitle(`${name} · ${BRAND_NAME}`);
  const back = (
    <AnchorLink to="/invoices" size="sm">
      ← {isClient ? "My invoices" : "All invoices"}
    </AnchorLink>
  );
  if (invoice.isPending) return <LoadingState />;
  if (invoice.isError) {
    return (
      <Stack>
        {back}
        <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} title="Could not open this invoice" />
      </Stack>
    );
  }
  const data = invoice.data;
  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={name}
        description={data.period_label ? `Period ${data.period_label}` : undefined}
        actions={
          <Group gap="xs">
            <InvoiceStatusBadge status={data.status} />
            <InvoiceDownloads invoice={data} />
          </Group>
        }
      />
      {isClient ? null : (
        <InvoiceActions
          invoice={data}
          onCreditNote={(note) => void navigate({ to: "/invoices/$invoiceId", params: { invoiceId: note.id } })}
          onDeleted={() => void navigate({ to: "/invoices", search: {} })}
        />
      )}
      <Facts invoice={data} timeZone={me.timezone} showClient={!isClient} />
      <Paper withBorder radius="md" p="md">
        <InvoiceLines invoice={data} />
      </Paper>
    </Stack>
  );
}
