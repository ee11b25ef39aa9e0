import { Table, Text } from "@mantine/core";

import { AnchorLink } from "@/components/AnchorLink";
import { ClientName } from "@/components/ClientName";
import { Money } from "@/components/Money";
import { formatDate } from "@/lib/dates";

import type { Invoice } from "../api/invoicing";
import { InvoiceKindLabel, InvoiceStatusBadge } from "./InvoiceBadges";

/** Invoices and credit notes, newest first; the number (or "Draft") opens one. */
export function InvoicesTable({ invoices, timeZone, showClient = false }: { invoices: Invoice[]; timeZone: string; showClient?: boolean }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="invoices-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            <Table.Th>Kind</Table.Th>
            {showClient ? <Table.Th>Client</Table.Th> : null}
            <Table.Th>Period</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Issued</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id} data-testid="invoice-row">
              <Table.Td>
                <AnchorLink to="/invoices/$invoiceId" params={{ invoiceId: invoice.id }} size="sm" data-testid="invoice-link">
                  {invoice.number ?? "Draft"}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{InvoiceKindLabel(invoice.kind)}</Text>
              </Table.Td>
              {showClient ? (
                <Table.Td>
                  <ClientName userId={invoice.client_id} tab="invoicing" />
                </Table.Td>
              ) : null}
              <Table.Td>
                <Text size="sm">{invoice.period_label ?? "—"}</Text>
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge status={invoice.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{invoice.issued_at ? formatDate(invoice.issued_at, { timeZone }) : "—"}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{invoice.due_at ? formatDate(invoice.due_at, { timeZone }) : "—"}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={invoice.total} currency={invoice.currency} size="sm" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
