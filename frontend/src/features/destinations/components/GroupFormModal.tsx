import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { DestinationGroup } from "../api/destinations";
import { useCreateGroup, useUpdateGroup } from "../hooks/useDestinations";
import { parsePrefixes } from "./prefixes";

const FIELDS = ["name", "description", "prefixes"] as const;

/** A named set of prefixes ("UK mobile": 447) that blocks and bundles refer to. */
export function GroupFormModal({ opened, group, onClose }: { opened: boolean; group: DestinationGroup | null; onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [prefixText, setPrefixText] = useState("");
  useEffect(() => {
    setName(group?.name ?? "");
    setDescription(group?.description ?? "");
    setPrefixText(group ? group.prefixes.join("\n") : "");
  }, [group, opened]);
  const create = useCreateGroup();
  const update = useUpdateGroup();
  const mutation = group ? update : create;
  const error = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, field, FIELDS);
  const { prefixes, invalid } = parsePrefixes(prefixText);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), description: description.trim() || null, prefixes };
    if (group) update.mutate({ id: group.id, body }, { onSuccess: close });
    else create.mutate(body, { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={close} title={group ? `Edit ${group.name}` : "New destination group"}>
      <form onSubmit={submit} noValidate data-testid="destination-group-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the group" />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error("name")} />
          <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={error("description")} />
          <Textarea
            label="Prefixes"
            description={`One per line, or separated by commas (${prefixes.length} ${prefixes.length === 1 ? "prefix" : "prefixes"})`}
            autosize
            minRows={4}
            maxRows={12}
            value={prefixText}
            onChange={(e) => setPrefixText(e.currentTarget.value)}
            error={invalid.length > 0 ? `Not a prefix: ${invalid.slice(0, 5).join(", ")}` : error("prefixes")}
            data-testid="group-prefixes"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!name.trim() || invalid.length > 0}>
              {group ? "Save group" : "Create group"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
