import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { Trunk, TrunkWrite } from "../api/telephony";
import { useCreateTrunk, useUpdateTrunk } from "../hooks/useTelephony";

const FIELDS = ["name", "dial_template", "strip_prefix", "add_prefix", "max_channels", "status", "is_default"] as const;

interface Draft {
  name: string;
  dialTemplate: string;
  stripPrefix: string;
  addPrefix: string;
  maxChannels: string;
  status: "active" | "disabled";
  isDefault: boolean;
}

function draftOf(trunk: Trunk | null): Draft {
  return {
    name: trunk?.name ?? "",
    dialTemplate: trunk?.dial_template ?? "PJSIP/{number}@",
    stripPrefix: trunk?.strip_prefix ?? "",
    addPrefix: trunk?.add_prefix ?? "",
    maxChannels: trunk?.max_channels?.toString() ?? "",
    status: trunk?.status === "disabled" ? "disabled" : "active",
    isDefault: trunk?.is_default ?? false,
  };
}

function bodyOf(draft: Draft): TrunkWrite {
  return {
    name: draft.name.trim(),
    dial_template: draft.dialTemplate.trim(),
    strip_prefix: draft.stripPrefix.trim(),
    add_prefix: draft.addPrefix.trim(),
    max_channels: draft.maxChannels.trim() ? Number.parseInt(draft.maxChannels, 10) : null,
    status: draft.status,
    is_default: draft.isDefault,
  };
}

/** Create a carrier trunk (trunk = null) or change one. */
export function TrunkFormModal({ opened, trunk, onClose }: { opened: boolean; trunk: Trunk | null; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(trunk));
  useEffect(() => setDraft(draftOf(trunk)), [trunk, opened]);
  const create = useCreateTrunk();
  const update = useUpdateTrunk();
  const mutation = trunk ? update : create;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, field, FIELDS);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trunk) update.mutate({ id: trunk.id, body: bodyOf(draft) }, { onSuccess: close });
    else create.mutate(bodyOf(draft), { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={close} title={trunk ? `Edit ${trunk.name}` : "New trunk"} size="lg">
      <form onSubmit={submit} noValidate data-testid="trunk-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the trunk" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Name" required value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} />
            <TextInput label="Dial template" required description="{number} is replaced by the number" value={draft.dialTemplate} onChange={(e) => set("dialTemplate", e.currentTarget.value)} error={error("dial_template")} />
            <TextInput label="Strip prefix" value={draft.stripPrefix} onChange={(e) => set("stripPrefix", e.currentTarget.value)} error={error("strip_prefix")} />
            <TextInput label="Add prefix" value={draft.addPrefix} onChange={(e) => set("addPrefix", e.currentTarget.value)} error={error("add_prefix")} />
            <TextInput label="Channels" description="Empty: no limit" inputMode="numeric" value={draft.maxChannels} onChange={(e) => set("maxChannels", e.currentTarget.value)} error={error("max_channels")} />
            <Select label="Status" allowDeselect={false} data={["active", "disabled"]} value={draft.status} onChange={(value) => set("status", value === "disabled" ? "disabled" : "active")} error={error("status")} />
          </SimpleGrid>
          <Checkbox label="Default trunk (replaces the current default)" checked={draft.isDefault} onChange={(e) => set("isDefault", e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!draft.name.trim() || !draft.dialTemplate.trim()}>
              {trunk ? "Save trunk" : "Create trunk"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
