import { Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { uuid4 } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { choiceParam } from "@/lib/search";

import { METHOD_LABELS, METHODS, type PaymentMethod } from "../api/payments";
import { useOpenInvoices, useRecordPayment } from "../hooks/usePayments";

const FIELDS = ["amount", "currency", "method", "reference", "note", "received_at", "invoice_id"] as const;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;

interface Draft {
  amount: string;
  method: PaymentMethod;
  reference: string;
  note: string;
  invoiceId: string | null;
}

const EMPTY: Draft = { amount: "", method: "bank_transfer", reference: "", note: "", invoiceId: null };

/**
 * Record money received outside Tollgate; naming an issued invoice settles it once its payments
 * reach its total. The Idempotency-Key is kept while the draft is unchanged, so a retry after a
 * lost answer never records the payment twice.
 */
export function RecordPaymentModal({ userId, currency, opened, onClose }: { userId: string; currency: string; opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [key, setKey] = useState(uuid4);
  const record = useRecordPayment(userId);
  const invoices = useOpenInvoices(userId, opened);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setKey(uuid4());
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(record.error, field, FIELDS);
  const amount = draft.amount.trim();
  const valid = AMOUNT.test(amount) && /[1-9]/.test(amount);
  const close = () => {
    record.reset();
    setDraft(EMPTY);
    setKey(uuid4());
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    record.mutate(
      { body: { amount, currency, method: draft.method, reference: draft.reference.trim() || null, note: draft.note.trim() || null, invoice_id: draft.invoiceId }, idempotencyKey: key },
      {
        onSuccess: (payment) => {
          notifications.show({ color: "green", message: `Payment of ${formatMoney(payment.amount, payment.currency)} recorded` });
          close();
        },
      },
    );
  };
  const invoiceOptions = (invoices.data?.items ?? []).map((invoice) => ({ value: invoice.id, label: `${invoice.number ?? "Invoice"} — ${formatMoney(invoice.total, invoice.currency)}${invoice.period_label ? ` (${invoice.period_label})` : ""}` }));
  return (
    <Modal opened={opened} onClose={close} title="Record a payment">
      <form onSubmit={submit} noValidate data-testid="record-payment-form">
        <Stack gap="sm">
          <ProblemAlert error={record.error} fields={FIELDS} title="Could not record the payment" />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={`Amount (${currency})`} required inputMode="decimal" value={draft.amount} onChange={(e) => set("amount", e.currentTarget.value)} error={error("amount") ?? error("currency") ?? (amount && !valid ? "Not an amount" : undefined)} data-testid="payment-amount" data-autofocus />
            <Select label="Method" allowDeselect={false} data={METHODS.map((method) => ({ value: method, label: METHOD_LABELS[method] }))} value={draft.method} onChange={(value) => set("method", choiceParam(value, METHODS) ?? "bank_transfer")} error={error("method")} data-testid="payment-method" />
          </SimpleGrid>
          <TextInput label="Reference" description="The bank's transaction id, a receipt number…" maxLength={200} value={draft.reference} onChange={(e) => set("reference", e.currentTarget.value)} error={error("reference")} data-testid="payment-reference" />
          <Select
            label="For invoice"
            description="Optional: an issued invoice this payment settles"
            placeholder={invoices.isPending ? "Loading…" : invoiceOptions.length === 0 ? "No unpaid invoice" : "None"}
            clearable
            data={invoiceOptions}
            value={draft.invoiceId}
            onChange={(value) => set("invoiceId", value)}
            error={error("invoice_id")}
            data-testid="payment-invoice"
          />
          <Textarea label="Note" autosize minRows={2} maxLength={1000} value={draft.note} onChange={(e) => set("note", e.currentTarget.value)} error={error("note")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending} disabled={!valid} data-testid="submit-payment">
              Record payment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
