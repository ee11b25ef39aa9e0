import { Group, Paper, Title } from "@mantine/core";

import { AnchorLink } from "@/components/AnchorLink";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";

import { useInvoices } from "../hooks/useInvoicing";
import { InvoicesTable } from "./InvoicesTable";

const SHOWN = 10;

/** A client's latest invoices and credit notes, with a link to all of them. */
export function ClientInvoices({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const invoices = useInvoices({ client_id: clientId, limit: SHOWN, offset: 0 });
  return (
    <Paper withBorder radius="md" p="md" data-testid="client-invoices">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Invoices</Title>
        {invoices.data && invoices.data.total > SHOWN ? (
          <AnchorLink to="/invoices" search={{ client: clientId }} size="sm">
            All {invoices.data.total} →
          </AnchorLink>
        ) : null}
      </Group>
      {invoices.isPending ? (
        <LoadingState />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.total === 0 ? (
        <EmptyState title="No invoices yet" description="A billing run makes them." />
      ) : (
        <InvoicesTable invoices={invoices.data.items} timeZone={timeZone} />
      )}
    </Paper>
  );
}
