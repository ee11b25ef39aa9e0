import { Button, Group } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useState } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";

import type { Invoice, InvoiceAction } from "../api/invoicing";
import { useDeleteDraft, useInvoiceAction } from "../hooks/useInvoicing";
import { CreditNoteModal } from "./CreditNoteModal";

type Confirmable = InvoiceAction | "delete";

const CONFIRM: Record<Confirmable, { title: string; label: string; text: string; done: string }> = {
  issue: { title: "Issue this draft?", label: "Issue", text: "It takes the next invoice number and charges the client's ledger for its services and tax.", done: "Invoice issued" },
  paid: { title: "Mark as paid?", label: "Mark paid", text: "Use this when the money arrived outside Tollgate. Record a payment instead to credit the client's account.", done: "Invoice marked paid" },
  void: { title: "Void this invoice?", label: "Void", text: "What its issue charged is given back to the client's account. Its number stays used.", done: "Invoice voided" },
  delete: { title: "Discard this draft?", label: "Discard", text: "The next billing run for its period makes it again.", done: "Draft discarded" },
};

/** Staff and the client's reseller: issue or discard a draft; mark paid, void or credit an issued invoice. */
export function InvoiceActions({ invoice, onCreditNote, onDeleted }: { invoice: Invoice; onCreditNote: (note: Invoice) => void; onDeleted: () => void }) {
  const [pending, setPending] = useState<Confirmable | null>(null);
  const [crediting, credit] = useDisclosure(false);
  const action = useInvoiceAction(invoice.id);
  const discard = useDeleteDraft(invoice.id);
  const isInvoice = invoice.kind === "invoice";
  const available: Confirmable[] =
    invoice.status === "draft" ? ["issue", "delete"] : invoice.status === "issued" && isInvoice ? ["paid", "void"] : [];
  const canCredit = isInvoice && (invoice.status === "issued" || invoice.status === "paid");
  if (available.length === 0 && !canCredit) return null;

  const close = () => {
    action.reset();
    discard.reset();
    setPending(null);
  };
  const confirm = () => {
    if (pending === null) return;
    const done = () => {
      notifications.show({ color: "green", message: CONFIRM[pending].done });
      setPending(null);
    };
    if (pending === "delete") discard.mutate(undefined, { onSuccess: () => { done(); onDeleted(); } });
    else action.mutate(pending, { onSuccess: done });
  };
  return (
    <Group gap="xs">
      {available.map((name) => (
        <Button key={name} variant={name === "void" || name === "delete" ? "light" : "filled"} color={name === "void" || name === "delete" ? "red" : undefined} onClick={() => setPending(name)} data-testid={`invoice-${name}`}>
          {CONFIRM[name].label}
        </Button>
      ))}
      {canCredit ? (
        <Button variant="light" onClick={credit.open} data-testid="invoice-credit-note">
          Credit note
        </Button>
      ) : null}
      <ConfirmModal
        opened={pending !== null}
        title={pending ? CONFIRM[pending].title : ""}
        confirmLabel={pending ? CONFIRM[pending].label : ""}
        onConfirm={confirm}
        onClose={close}
        loading={action.isPending || discard.isPending}
        error={action.error ?? discard.error}
        color={pending === "void" || pending === "delete" ? "red" : "blue"}
      >
        {pending ? CONFIRM[pending].text : null}
      </ConfirmModal>
      <CreditNoteModal invoice={invoice} opened={crediting} onClose={credit.close} onCreated={onCreditNote} />
    </Group>
  );
}
