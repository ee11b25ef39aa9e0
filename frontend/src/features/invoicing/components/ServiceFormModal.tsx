import { Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { choiceParam } from "@/lib/search";

import { CYCLES, type Service, type ServiceCycle } from "../api/catalogue";
import { useSaveService } from "../hooks/useCatalogue";

const FIELDS = ["name", "description", "price", "currency", "cycle", "tax_rate", "active"] as const;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;
const RATE = /^\d{1,3}(\.\d{1,4})?$/;

interface Draft {
  name: string;
  description: string;
  price: string;
  currency: string;
  cycle: ServiceCycle;
  tax_rate: string;
  active: boolean;
}

function draftOf(service: Service | null, currency: string): Draft {
  return service
    ? { name: service.name, description: service.description ?? "", price: service.price, currency: service.currency, cycle: choiceParam(service.cycle, CYCLES) ?? "monthly", tax_rate: service.tax_rate, active: service.active }
    : { name: "", description: "", price: "", currency, cycle: "monthly", tax_rate: "0", active: true };
}

/** Create a recurring service, or change one (its currency and cycle are fixed once created). */
export function ServiceFormModal({ service, opened, onClose, defaultCurrency }: { service: Service | null; opened: boolean; onClose: () => void; defaultCurrency: string }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(service, defaultCurrency));
  useEffect(() => setDraft(draftOf(service, defaultCurrency)), [service, defaultCurrency, opened]);
  const save = useSaveService(service?.id ?? null);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((current) => ({ ...current, [field]: value }));
  const error = (field: (typeof FIELDS)[number]) => fieldError(save.error, field, FIELDS);
  const valid = draft.name.trim() !== "" && AMOUNT.test(draft.price.trim()) && RATE.test(draft.tax_rate.trim()) && /^[A-Z]{3}$/.test(draft.currency);
  const close = () => {
    save.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    const common = { name: draft.name.trim(), description: draft.description.trim() || null, price: draft.price.trim(), tax_rate: draft.tax_rate.trim(), active: draft.active };
    save.mutate(service ? common : { ...common, currency: draft.currency, cycle: draft.cycle }, {
      onSuccess: () => {
        notifications.show({ color: "green", message: service ? "Service saved" : "Service created" });
        close();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={close} title={service ? `Edit ${service.name}` : "New service"}>
      <form onSubmit={submit} noValidate data-testid="service-form">
        <Stack gap="sm">
          <ProblemAlert error={save.error} fields={FIELDS} title="Could not save the service" />
          <TextInput label="Name" required maxLength={200} value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} data-testid="service-name" data-autofocus />
          <Textarea label="Description" autosize minRows={2} value={draft.description} onChange={(e) => set("description", e.currentTarget.value)} error={error("description")} />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="Price per cycle" required inputMode="decimal" value={draft.price} onChange={(e) => set("price", e.currentTarget.value)} error={error("price") ?? (draft.price && !AMOUNT.test(draft.price.trim()) ? "Not an amount" : undefined)} data-testid="service-price" />
            <TextInput label="Currency" required disabled={service !== null} maxLength={3} value={draft.currency} onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())} error={error("currency")} data-testid="service-currency" />
            <Select label="Cycle" disabled={service !== null} allowDeselect={false} data={CYCLES.map((cycle) => ({ value: cycle, label: cycle }))} value={draft.cycle} onChange={(value) => set("cycle", choiceParam(value, CYCLES) ?? "monthly")} error={error("cycle")} />
            <TextInput label="Tax rate (%)" inputMode="decimal" value={draft.tax_rate} onChange={(e) => set("tax_rate", e.currentTarget.value)} error={error("tax_rate")} />
          </SimpleGrid>
          <Switch label="Active (new subscriptions allowed)" checked={draft.active} onChange={(e) => set("active", e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!valid} data-testid="save-service">
              {service ? "Save" : "Create"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
