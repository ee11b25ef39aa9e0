import { Alert, Button, Code, Group, Modal, NumberInput, ScrollArea, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { uuid4 } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { addDays, dayStart, isDay } from "@/lib/zoned";

import type { VoucherBatch } from "../api/payments";
import { useCreateVoucherBatch } from "../hooks/usePayments";
import { VoucherCsvButton } from "./VoucherCsvButton";

const FIELDS = ["count", "value", "currency", "prefix", "expires_at", "note"] as const;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;

interface Draft {
  count: number;
  value: string;
  currency: string;
  prefix: string;
  expires: string;
  note: string;
}

/** The codes just made: shown this once (the list shows counts only), with the CSV to keep. */
function CreatedCodes({ batch, onDone }: { batch: VoucherBatch; onDone: () => void }) {
  const codes = (batch.vouchers ?? []).map((voucher) => voucher.code);
  return (
    <Stack gap="sm" data-testid="voucher-codes">
      <Alert color="yellow" title="Keep these codes safe">
        {batch.count} codes worth {formatMoney(batch.value, batch.currency)} each. Anyone holding a code can redeem it: download the CSV now and treat it like cash.
      </Alert>
      <ScrollArea.Autosize mah={260}>
        <Code block data-testid="voucher-code-list">
          {codes.join("\n")}
        </Code>
      </ScrollArea.Autosize>
      <Group justify="flex-end">
        <VoucherCsvButton batchId={batch.id} label="Download CSV" size="sm" />
        <Button onClick={onDone} data-testid="vouchers-done">
          Done
        </Button>
      </Group>
    </Stack>
  );
}

/** Generate a batch of prepaid voucher codes for the caller's clients. */
export function CreateVoucherBatchModal({ opened, onClose, defaultCurrency, timeZone }: { opened: boolean; onClose: () => void; defaultCurrency: string; timeZone: string }) {
  const empty: Draft = { count: 10, value: "", currency: defaultCurrency, prefix: "", expires: "", note: "" };
  const [draft, setDraft] = useState<Draft>(empty);
  const [key, setKey] = useState(uuid4);
  const [created, setCreated] = useState<VoucherBatch | null>(null);
  const create = useCreateVoucherBatch();
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setKey(uuid4());
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);
  const valid = draft.count >= 1 && draft.count <= 10_000 && AMOUNT.test(draft.value.trim()) && /[1-9]/.test(draft.value) && /^[A-Z]{3}$/.test(draft.currency) && /^[A-Z0-9]{0,8}$/.test(draft.prefix) && (draft.expires === "" || isDay(draft.expires));
  const close = () => {
    create.reset();
    setDraft(empty);
    setCreated(null);
    setKey(uuid4());
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const body = {
      count: draft.count,
      value: draft.value.trim(),
      currency: draft.currency,
      prefix: draft.prefix || undefined,
      // The last day is included: the codes expire at the next local midnight.
      expires_at: draft.expires ? dayStart(addDays(draft.expires, 1), timeZone) : null,
      note: draft.note.trim() || null,
    };
    create.mutate({ body, idempotencyKey: key }, { onSuccess: setCreated });
  };
  return (
    <Modal opened={opened} onClose={close} title={created ? "Voucher codes" : "Generate vouchers"} size="lg" closeOnClickOutside={created === null}>
      {created ? (
        <CreatedCodes batch={created} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate data-testid="voucher-batch-form">
          <Stack gap="sm">
            <ProblemAlert error={create.error} fields={FIELDS} title="Could not generate the vouchers" />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <NumberInput label="How many" min={1} max={10_000} allowDecimal={false} value={draft.count} onChange={(value) => set("count", typeof value === "number" ? value : 0)} error={error("count")} data-testid="voucher-count" />
              <TextInput label="Value each" required inputMode="decimal" value={draft.value} onChange={(e) => set("value", e.currentTarget.value)} error={error("value")} data-testid="voucher-value" />
              <TextInput label="Currency" required maxLength={3} value={draft.currency} onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())} error={error("currency")} data-testid="voucher-currency" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput label="Prefix" description="Up to 8 letters and digits" maxLength={8} value={draft.prefix} onChange={(e) => set("prefix", e.currentTarget.value.toUpperCase())} error={error("prefix")} data-testid="voucher-prefix" />
              <TextInput label="Valid until" description={`Empty: no expiry (last day included, ${timeZone})`} type="date" value={draft.expires} onChange={(e) => set("expires", e.currentTarget.value)} error={error("expires_at")} />
            </SimpleGrid>
            <Textarea label="Note" autosize minRows={2} maxLength={1000} value={draft.note} onChange={(e) => set("note", e.currentTarget.value)} error={error("note")} />
            <Text size="xs" c="dimmed">
              Codes are for your own clients; each credits its value once, in its currency (the client's account must be in it).
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!valid} data-testid="generate-vouchers">
                Generate
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
