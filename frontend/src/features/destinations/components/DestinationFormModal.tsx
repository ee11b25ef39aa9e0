import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { DESTINATION_TYPES, type Destination, type DestinationType } from "../api/destinations";
import { useCreateDestination, useUpdateDestination } from "../hooks/useDestinations";

const FIELDS = ["prefix", "name", "country", "type"] as const;

/** One prefix of the reference table: its name, country and kind of number. */
export function DestinationFormModal({ opened, destination, onClose }: { opened: boolean; destination: Destination | null; onClose: () => void }) {
  const [prefix, setPrefix] = useState("");
  const [name, setName] = useState("");
  const [country, setCountry] = useState("");
  const [type, setType] = useState<DestinationType | null>(null);
  useEffect(() => {
    setPrefix(destination?.prefix ?? "");
    setName(destination?.name ?? "");
    setCountry(destination?.country ?? "");
    setType((destination?.type as DestinationType | null | undefined) ?? null);
  }, [destination, opened]);
  const create = useCreateDestination();
  const update = useUpdateDestination();
  const mutation = destination ? update : create;
  const error = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, field, FIELDS);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { prefix: prefix.trim(), name: name.trim(), country: country.trim().toUpperCase() || null, type };
    if (destination) update.mutate({ id: destination.id, body }, { onSuccess: close });
    else create.mutate(body, { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={close} title={destination ? `Edit ${destination.prefix}` : "New destination"}>
      <form onSubmit={submit} noValidate data-testid="destination-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the destination" />
          <TextInput label="Prefix" description="Digits, without + or 00" required inputMode="numeric" value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} error={error("prefix")} />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error("name")} />
          <Group grow align="flex-start">
            <TextInput label="Country" description="ISO code, e.g. GB" maxLength={2} value={country} onChange={(e) => setCountry(e.currentTarget.value)} error={error("country")} />
            <Select
              label="Type"
              description="Kind of number"
              clearable
              data={DESTINATION_TYPES.map((value) => ({ value, label: value.replace("_", " ") }))}
              value={type}
              onChange={(value) => setType(value as DestinationType | null)}
              error={error("type")}
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!prefix.trim() || !name.trim()}>
              {destination ? "Save destination" : "Create destination"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
