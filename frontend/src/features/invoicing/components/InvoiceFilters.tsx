import { Group, Select } from "@mantine/core";

import { ClientSelect } from "@/components/ClientSelect";
import { choiceParam } from "@/lib/search";

import { INVOICE_KINDS, INVOICE_STATUSES, type InvoiceKind, type InvoiceStatus } from "../api/invoicing";
import { InvoiceKindLabel } from "./InvoiceBadges";

export interface InvoiceFilterValues {
  status?: InvoiceStatus;
  kind?: InvoiceKind;
  client?: string;
  run?: string;
}

/** Status, kind and (for staff) client; the route keeps them in the URL. A client never sees drafts. */
export function InvoiceFilters({ values, withClient, onChange }: { values: InvoiceFilterValues; withClient: boolean; onChange: (next: InvoiceFilterValues) => void }) {
  const statuses = withClient ? INVOICE_STATUSES : INVOICE_STATUSES.filter((status) => status !== "draft");
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={statuses.map((status) => ({ value: status, label: status }))}
        value={values.status ?? null}
        onChange={(status) => onChange({ ...values, status: choiceParam(status, INVOICE_STATUSES) })}
        style={{ flex: "0 1 160px" }}
        data-testid="invoice-status-filter"
      />
      <Select
        label="Kind"
        placeholder="Invoices and credit notes"
        clearable
        data={INVOICE_KINDS.map((kind) => ({ value: kind, label: InvoiceKindLabel(kind) }))}
        value={values.kind ?? null}
        onChange={(kind) => onChange({ ...values, kind: choiceParam(kind, INVOICE_KINDS) })}
        style={{ flex: "0 1 220px" }}
        data-testid="invoice-kind-filter"
      />
      {withClient ? <ClientSelect value={values.client} onChange={(client) => onChange({ ...values, client })} style={{ flex: "1 1 240px" }} data-testid="invoice-client-filter" /> : null}
    </Group>
  );
}
