import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { uuid4 } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { choiceParam } from "@/lib/search";

import { CREDIT_KINDS, type CreditKind } from "../api/billing";
import { useAddCredit } from "../hooks/useBilling";
import { isAmount, KIND_LABELS } from "./ledgerKinds";

const FIELDS = ["amount", "kind", "note"] as const;

interface Draft {
  amount: string;
  kind: CreditKind;
  note: string;
}

const EMPTY: Draft = { amount: "", kind: "credit", note: "" };

/**
 * Add credit to a client, with a note. Each distinct request carries its own Idempotency-Key:
 * the key is made with the draft and kept while the draft is unchanged, so submitting the same
 * credit again after a failure (a lost answer, a timeout) can never credit twice.
 */
export function AddCreditModal({ userId, currency, opened, onClose }: { userId: string; currency: string; opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [key, setKey] = useState(uuid4);
  const credit = useAddCredit(userId);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setKey(uuid4());
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(credit.error, field, FIELDS);
  const amount = draft.amount.trim();
  const negativeAllowed = draft.kind === "adjustment";

  const close = () => {
    credit.reset();
    setDraft(EMPTY);
    setKey(uuid4());
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    credit.mutate(
      { body: { amount, kind: draft.kind, note: draft.note.trim() || null }, idempotencyKey: key },
      {
        onSuccess: (entry) => {
          notifications.show({ color: "green", message: `${formatMoney(entry.amount, entry.currency, { fractionDigits: "exact" })} added` });
          close();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Add credit">
      <form onSubmit={submit} noValidate data-testid="add-credit-form">
        <Stack gap="sm">
          <ProblemAlert error={credit.error} fields={FIELDS} title="Could not add the credit" />
          <Select
            label="Kind"
            allowDeselect={false}
            data={CREDIT_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
            value={draft.kind}
            onChange={(kind) => set("kind", choiceParam(kind, CREDIT_KINDS) ?? "credit")}
            error={error("kind")}
          />
          <TextInput
            label={`Amount (${currency})`}
            description={negativeAllowed ? "An adjustment may be negative" : "A positive amount, up to 6 decimal places"}
            required
            inputMode="decimal"
            value={draft.amount}
            onChange={(e) => set("amount", e.currentTarget.value)}
            error={error("amount") ?? (amount && !isAmount(amount, negativeAllowed) ? "Not an amount" : undefined)}
            data-autofocus
          />
          <Textarea label="Note" description="Shown in the client's ledger" autosize minRows={2} maxLength={1000} value={draft.note} onChange={(e) => set("note", e.currentTarget.value)} error={error("note")} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={credit.isPending} disabled={!isAmount(amount, negativeAllowed)} data-testid="submit-credit">
              Add {KIND_LABELS[draft.kind].toLowerCase()}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
