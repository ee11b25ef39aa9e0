import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { useCreateCustomRate } from "../hooks/useClientRates";

const FIELDS = ["prefix", "destination", "rate_per_minute", "connect_fee", "initial_block", "increment", "flat_price", "allowed"] as const;
type Field = Exclude<(typeof FIELDS)[number], "allowed">;

const EMPTY: Record<Field, string> = { prefix: "", destination: "", rate_per_minute: "", connect_fee: "0", initial_block: "60", increment: "60", flat_price: "" };

/** A client's own rate for a prefix; it wins over the client's plan. */
export function CustomRateModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState(EMPTY);
  const [allowed, setAllowed] = useState(true);
  const create = useCreateCustomRate();
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);
  const input = (field: Field, label: string, required = false) => (
    <TextInput label={label} required={required} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })} error={error(field)} />
  );
  const close = () => {
    create.reset();
    setDraft(EMPTY);
    setAllowed(true);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        client_id: clientId,
        prefix: draft.prefix.trim(),
        destination: draft.destination.trim(),
        rate_per_minute: draft.rate_per_minute.trim(),
        connect_fee: draft.connect_fee.trim() || "0",
        initial_block: Number.parseInt(draft.initial_block, 10),
        increment: Number.parseInt(draft.increment, 10),
        flat_price: draft.flat_price.trim() || null,
        allowed,
      },
      { onSuccess: close },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="New custom rate" size="lg">
      <form onSubmit={submit} noValidate data-testid="custom-rate-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not add the rate" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {input("prefix", "Prefix", true)}
            {input("destination", "Destination")}
            {input("rate_per_minute", "Rate per minute", true)}
            {input("connect_fee", "Connect fee")}
            {input("initial_block", "Initial block (s)")}
            {input("increment", "Increment (s)")}
            {input("flat_price", "Per-call price (optional)")}
          </SimpleGrid>
          <Checkbox label="Calls to this prefix are allowed" checked={allowed} onChange={(e) => setAllowed(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!draft.prefix.trim() || !draft.rate_per_minute.trim()}>
              Add rate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
