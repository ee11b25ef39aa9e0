import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { formatMoney } from "@/lib/money";

import type { CreditNoteWrite, Invoice } from "../api/invoicing";
import { useCreateCreditNote } from "../hooks/useInvoicing";

const FIELDS = ["reason", "lines"] as const;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;
const RATE = /^\d{1,3}(\.\d{1,4})?$/;

/**
 * Credit an issued or paid invoice: all of it (only when nothing was credited yet), or one
 * amount with its tax rate. The credit note is issued at once and credits the ledger.
 */
export function CreditNoteModal({ invoice, opened, onClose, onCreated }: { invoice: Invoice; opened: boolean; onClose: () => void; onCreated: (note: Invoice) => void }) {
  const [whole, setWhole] = useState(true);
  const [reason, setReason] = useState("");
  const [amount, setAmount] = useState("");
  const [taxRate, setTaxRate] = useState("0");
  const create = useCreateCreditNote(invoice.id);
  const valid = reason.trim() !== "" && (whole || (AMOUNT.test(amount.trim()) && /[1-9]/.test(amount) && RATE.test(taxRate.trim())));
  const close = () => {
    create.reset();
    setReason("");
    setAmount("");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const body: CreditNoteWrite = whole ? { reason: reason.trim() } : { reason: reason.trim(), lines: [{ description: reason.trim(), amount: amount.trim(), tax_rate: taxRate.trim() }] };
    create.mutate(body, {
      onSuccess: (note) => {
        notifications.show({ color: "green", message: `Credit note ${note.number ?? ""} issued for ${formatMoney(note.total, note.currency)}` });
        close();
        onCreated(note);
      },
    });
  };
  return (
    <Modal opened={opened} onClose={close} title={`Credit note for ${invoice.number ?? "this invoice"}`}>
      <form onSubmit={submit} noValidate data-testid="credit-note-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not issue the credit note" />
          <SegmentedControl
            value={whole ? "whole" : "amount"}
            onChange={(value) => setWhole(value === "whole")}
            data={[
              { value: "whole", label: "The whole invoice" },
              { value: "amount", label: "An amount" },
            ]}
          />
          <Textarea label="Reason" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(create.error, "reason", FIELDS)} data-testid="credit-note-reason" />
          {whole ? (
            <Text size="sm" c="dimmed">
              Credits {formatMoney(invoice.total, invoice.currency)}: every line of the invoice, negated.
            </Text>
          ) : (
            <Group grow align="flex-start">
              <TextInput label={`Net amount (${invoice.currency})`} required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} data-testid="credit-note-amount" />
              <TextInput label="Tax rate (%)" inputMode="decimal" value={taxRate} onChange={(e) => setTaxRate(e.currentTarget.value)} />
            </Group>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!valid} data-testid="submit-credit-note">
              Issue credit note
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
