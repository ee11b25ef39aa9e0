import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { useCreateOffer } from "../hooks/useClientRates";

const FIELDS = ["prefix", "destination", "starts_at", "days"] as const;

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T00:00`;
}

/** Free calls to a prefix for a number of days, for one client. */
export function OfferModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const [prefix, setPrefix] = useState("");
  const [destination, setDestination] = useState("");
  const [startsAt, setStartsAt] = useState(today);
  const [days, setDays] = useState("30");
  const create = useCreateOffer();
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);
  const close = () => {
    create.reset();
    setPrefix("");
    setDestination("");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { client_id: clientId, prefix: prefix.trim(), destination: destination.trim(), starts_at: new Date(startsAt).toISOString(), days: Number.parseInt(days, 10) || 0 },
      { onSuccess: close },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="New offer">
      <form onSubmit={submit} noValidate data-testid="offer-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not add the offer" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label="Prefix" required value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} error={error("prefix")} />
            <TextInput label="Destination" value={destination} onChange={(e) => setDestination(e.currentTarget.value)} error={error("destination")} />
            <TextInput label="Starts" type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.currentTarget.value)} error={error("starts_at")} />
            <TextInput label="Days" required inputMode="numeric" value={days} onChange={(e) => setDays(e.currentTarget.value)} error={error("days")} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!prefix.trim() || !startsAt}>
              Add offer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
