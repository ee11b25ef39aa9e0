import { Button, Group, Modal, MultiSelect, Stack, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { TrunkGroup } from "../api/telephony";
import { useCreateTrunkGroup, useTrunks, useUpdateTrunkGroup } from "../hooks/useTelephony";

const FIELDS = ["name", "trunk_ids"] as const;

/** A failover group: trunks tried one after the other, in the order chosen. */
export function TrunkGroupFormModal({ opened, group, onClose }: { opened: boolean; group: TrunkGroup | null; onClose: () => void }) {
  const [name, setName] = useState("");
  const [trunkIds, setTrunkIds] = useState<string[]>([]);
  useEffect(() => {
    setName(group?.name ?? "");
    setTrunkIds(group ? [...group.trunk_ids] : []);
  }, [group, opened]);
  const trunks = useTrunks({ limit: 200, offset: 0 }, opened);
  const create = useCreateTrunkGroup();
  const update = useUpdateTrunkGroup();
  const mutation = group ? update : create;
  const error = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, field, FIELDS);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), trunk_ids: trunkIds };
    if (group) update.mutate({ id: group.id, body }, { onSuccess: close });
    else create.mutate(body, { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={close} title={group ? `Edit ${group.name}` : "New trunk group"}>
      <form onSubmit={submit} noValidate data-testid="trunk-group-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the group" />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error("name")} />
          <MultiSelect
            label="Trunks, in failover order"
            description="The first is tried first"
            required
            searchable
            data={(trunks.data?.items ?? []).map((trunk) => ({ value: trunk.id, label: trunk.name }))}
            value={trunkIds}
            onChange={setTrunkIds}
            error={error("trunk_ids")}
            maxValues={32}
            data-testid="trunk-group-trunks"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!name.trim() || trunkIds.length === 0}>
              {group ? "Save group" : "Create group"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
