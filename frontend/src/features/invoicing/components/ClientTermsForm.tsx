import { Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { ErrorState, LoadingState } from "@/components/States";
import { plainDecimal } from "@/lib/decimal";

import type { ClientTerms, ClientTermsUpdate } from "../api/invoicing";
import { useClientTerms, useUpdateClientTerms } from "../hooks/useInvoicing";

const FIELDS = ["invoice_mode", "billing_cycle", "tax_rate", "invoice_due_days"] as const;
const RATE = /^\d{1,3}(\.\d{1,4})?$/;

interface Draft {
  invoice_mode: "consolidated" | "itemized";
  billing_cycle: "monthly" | "quarterly" | "yearly";
  tax_rate: string;
  invoice_due_days: string;
}

function draftOf(terms: ClientTerms): Draft {
  return {
    invoice_mode: terms.invoice_mode === "itemized" ? "itemized" : "consolidated",
    billing_cycle: terms.billing_cycle === "quarterly" ? "quarterly" : terms.billing_cycle === "yearly" ? "yearly" : "monthly",
    tax_rate: terms.tax_rate === null ? "" : plainDecimal(terms.tax_rate),
    invoice_due_days: terms.invoice_due_days === null ? "" : String(terms.invoice_due_days),
  };
}

/** The changed terms only; an emptied tax rate or due days is `null`: the tenant's default. */
export function termsPatch(stored: ClientTerms, draft: Draft): { patch: ClientTermsUpdate; valid: boolean } {
  const before = draftOf(stored);
  const patch: ClientTermsUpdate = {};
  if (draft.invoice_mode !== before.invoice_mode) patch.invoice_mode = draft.invoice_mode;
  if (draft.billing_cycle !== before.billing_cycle) patch.billing_cycle = draft.billing_cycle;
  const rate = draft.tax_rate.trim();
  const days = draft.invoice_due_days.trim();
  const valid = (rate === "" || RATE.test(rate)) && (days === "" || /^\d{1,3}$/.test(days));
  if (rate !== before.tax_rate) patch.tax_rate = rate === "" ? null : rate;
  if (days !== before.invoice_due_days) patch.invoice_due_days = days === "" ? null : Number(days);
  return { patch, valid };
}

function TermsForm({ userId, terms, canEdit }: { userId: string; terms: ClientTerms; canEdit: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(terms));
  useEffect(() => setDraft(draftOf(terms)), [terms]);
  const save = useUpdateClientTerms(userId);
  const { patch, valid } = termsPatch(terms, draft);
  const changed = Object.keys(patch).length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid || !changed) return;
    save.mutate(patch, { onSuccess: () => notifications.show({ color: "green", message: "Invoicing terms saved" }) });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="client-invoicing-form">
      <Stack gap="sm">
        <ProblemAlert error={save.error} fields={FIELDS} title="Could not save the terms" />
        <Group gap="lg" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Invoices
            </Text>
            <SegmentedControl
              disabled={!canEdit}
              value={draft.invoice_mode}
              onChange={(value) => setDraft((current) => ({ ...current, invoice_mode: value === "itemized" ? "itemized" : "consolidated" }))}
              data={[
                { value: "consolidated", label: "One per period" },
                { value: "itemized", label: "Itemized" },
              ]}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Billing cycle
            </Text>
            <SegmentedControl
              disabled={!canEdit}
              value={draft.billing_cycle}
              onChange={(value) => setDraft((current) => ({ ...current, billing_cycle: value === "quarterly" ? "quarterly" : value === "yearly" ? "yearly" : "monthly" }))}
              data={["monthly", "quarterly", "yearly"]}
            />
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Tax on usage (%)" description="Empty: the invoicing profile's rate" disabled={!canEdit} inputMode="decimal" value={draft.tax_rate} onChange={(e) => setDraft({ ...draft, tax_rate: e.currentTarget.value })} error={fieldError(save.error, "tax_rate", FIELDS)} />
          <TextInput label="Days to pay (postpaid)" description="Empty: the invoicing profile's" disabled={!canEdit} inputMode="numeric" value={draft.invoice_due_days} onChange={(e) => setDraft({ ...draft, invoice_due_days: e.currentTarget.value })} error={fieldError(save.error, "invoice_due_days", FIELDS)} />
        </SimpleGrid>
        {canEdit ? (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!changed || !valid} data-testid="save-client-invoicing">
              Save invoicing terms
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** How a client is invoiced: consolidated or itemized, cycle, tax on usage, days to pay. */
export function ClientTermsForm({ userId, canEdit }: { userId: string; canEdit: boolean }) {
  const terms = useClientTerms(userId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="client-invoicing">
      <Title order={4} mb="sm">
        Invoicing terms
      </Title>
      {terms.isPending ? <LoadingState /> : terms.isError ? <ErrorState error={terms.error} onRetry={() => void terms.refetch()} /> : <TermsForm userId={userId} terms={terms.data} canEdit={canEdit} />}
    </Paper>
  );
}
