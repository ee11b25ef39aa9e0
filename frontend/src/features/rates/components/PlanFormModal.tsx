import { Button, Divider, Group, Modal, MultiSelect, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { plainDecimal } from "@/lib/decimal";

import type { Plan, PlanPatch, PlanWrite } from "../api/plans";
import { useCreatePlan, useDeckChoices, useUpdatePlan } from "../hooks/usePlans";

const FIELDS = [
  "name",
  "description",
  "currency",
  "deck_ids",
  "country_code",
  "exit_code",
  "trunk_prefix",
  "markup_percent",
  "markup_per_minute",
  "international_markup_percent",
  "billing_initial_block",
  "billing_increment",
  "inbound_rate_per_minute",
  "inbound_connect_fee",
  "inbound_initial_block",
  "inbound_increment",
] as const;
type Field = (typeof FIELDS)[number];

type Draft = Record<Exclude<Field, "deck_ids">, string> & { deck_ids: string[] };

function draftOf(plan: Plan | null, currency: string): Draft {
  return {
    name: plan?.name ?? "",
    description: plan?.description ?? "",
    currency: plan?.currency ?? currency,
    deck_ids: plan ? [...plan.deck_ids] : [],
    country_code: plan?.country_code ?? "",
    exit_code: plan?.exit_code ?? "00",
    trunk_prefix: plan?.trunk_prefix ?? "0",
    markup_percent: plainDecimal(plan?.markup_percent ?? "0"),
    markup_per_minute: plainDecimal(plan?.markup_per_minute ?? "0"),
    international_markup_percent: plainDecimal(plan?.international_markup_percent ?? "0"),
    billing_initial_block: plan?.billing_initial_block?.toString() ?? "",
    billing_increment: plan?.billing_increment?.toString() ?? "",
    inbound_rate_per_minute: plan?.inbound_rate_per_minute == null ? "" : plainDecimal(plan.inbound_rate_per_minute),
    inbound_connect_fee: plainDecimal(plan?.inbound_connect_fee ?? "0"),
    inbound_initial_block: String(plan?.inbound_initial_block ?? 1),
    inbound_increment: String(plan?.inbound_increment ?? 1),
  };
}

/** Blocks are whole seconds; an empty field keeps each rate's own blocks (null). */
function seconds(text: string): number | null {
  return text.trim() === "" ? null : Number.parseInt(text, 10);
}

function bodyOf(draft: Draft): PlanWrite {
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    currency: draft.currency.trim().toUpperCase(),
    deck_ids: draft.deck_ids,
    country_code: draft.country_code.trim(),
    exit_code: draft.exit_code.trim(),
    trunk_prefix: draft.trunk_prefix.trim(),
    markup_percent: draft.markup_percent.trim() || "0",
    markup_per_minute: draft.markup_per_minute.trim() || "0",
    international_markup_percent: draft.international_markup_percent.trim() || "0",
    billing_initial_block: seconds(draft.billing_initial_block),
    billing_increment: seconds(draft.billing_increment),
    // Empty: inbound calls are not priced (null), as the API has it.
    inbound_rate_per_minute: draft.inbound_rate_per_minute.trim() || null,
    inbound_connect_fee: draft.inbound_connect_fee.trim() || "0",
    inbound_initial_block: Number.parseInt(draft.inbound_initial_block, 10),
    inbound_increment: Number.parseInt(draft.inbound_increment, 10),
  };
}

/** Only what changed; a plan's currency is fixed once it is made (PlanPatch has none). */
function patchOf(plan: Plan, draft: Draft): PlanPatch {
  const before = bodyOf(draftOf(plan, plan.currency));
  const after = bodyOf(draft);
  const patch: PlanPatch = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.description !== before.description) patch.description = after.description;
  if (after.deck_ids.join() !== before.deck_ids.join()) patch.deck_ids = after.deck_ids;
  if (after.country_code !== before.country_code) patch.country_code = after.country_code;
  if (after.exit_code !== before.exit_code) patch.exit_code = after.exit_code;
  if (after.trunk_prefix !== before.trunk_prefix) patch.trunk_prefix = after.trunk_prefix;
  if (after.markup_percent !== before.markup_percent) patch.markup_percent = after.markup_percent;
  if (after.markup_per_minute !== before.markup_per_minute) patch.markup_per_minute = after.markup_per_minute;
  if (after.international_markup_percent !== before.international_markup_percent) patch.international_markup_percent = after.international_markup_percent;
  if (after.billing_initial_block !== before.billing_initial_block) patch.billing_initial_block = after.billing_initial_block;
  if (after.billing_increment !== before.billing_increment) patch.billing_increment = after.billing_increment;
  if (after.inbound_rate_per_minute !== before.inbound_rate_per_minute) patch.inbound_rate_per_minute = after.inbound_rate_per_minute;
  if (after.inbound_connect_fee !== before.inbound_connect_fee) patch.inbound_connect_fee = after.inbound_connect_fee;
  if (after.inbound_initial_block !== before.inbound_initial_block) patch.inbound_initial_block = after.inbound_initial_block;
  if (after.inbound_increment !== before.inbound_increment) patch.inbound_increment = after.inbound_increment;
  return patch;
}

/** Create a plan (plan = null) or change one. */
export function PlanFormModal({ opened, plan, currency, onClose }: { opened: boolean; plan: Plan | null; currency: string; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan, currency));
  useEffect(() => setDraft(draftOf(plan, currency)), [plan, currency, opened]);
  const create = useCreatePlan();
  const update = useUpdatePlan(plan?.id ?? "");
  const mutation = plan ? update : create;
  const decks = useDeckChoices(opened);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: Field) => fieldError(mutation.error, field, FIELDS);
  const text = (field: Exclude<Field, "deck_ids">, label: string, extra: { description?: string; required?: boolean; disabled?: boolean } = {}) => (
    <TextInput label={label} value={draft[field]} onChange={(e) => set(field, e.currentTarget.value)} error={error(field)} {...extra} />
  );

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (plan) update.mutate(patchOf(plan, draft), { onSuccess: close });
    else create.mutate(bodyOf(draft), { onSuccess: close });
  };

  return (
    <Modal opened={opened} onClose={close} title={plan ? `Edit ${plan.name}` : "New plan"} size="lg">
      <form onSubmit={submit} noValidate data-testid="plan-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the plan" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {text("name", "Name", { required: true })}
            {text("currency", "Currency", { required: true, description: plan ? "Fixed once the plan exists" : "ISO 4217 code", disabled: plan !== null })}
          </SimpleGrid>
          <MultiSelect
            label="Sell decks"
            description="Searched in the order chosen: the first deck with a matching prefix prices the call"
            required
            searchable
            data={(decks.data?.items ?? []).filter((deck) => deck.kind === "sell").map((deck) => ({ value: deck.id, label: `${deck.name} (${deck.currency})` }))}
            value={draft.deck_ids}
            onChange={(ids) => set("deck_ids", ids)}
            error={error("deck_ids")}
            maxValues={20}
            data-testid="plan-decks"
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            {text("markup_percent", "Markup %")}
            {text("markup_per_minute", "Markup per minute")}
            {text("international_markup_percent", "International markup %")}
            {text("country_code", "Country code", { required: true, description: "Numbers are normalised to E.164 with it" })}
            {text("exit_code", "Exit code", { description: "International dialling prefix" })}
            {text("trunk_prefix", "Trunk prefix", { description: "National dialling prefix" })}
            {text("billing_initial_block", "Initial block (s)", { description: "Empty: each rate's own" })}
            {text("billing_increment", "Increment (s)", { description: "Empty: each rate's own" })}
          </SimpleGrid>
          <Divider label="Inbound calls (no markups apply)" labelPosition="left" mt="xs" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {text("inbound_rate_per_minute", "Inbound rate per minute", { description: "Empty: inbound calls are not priced" })}
            {text("inbound_connect_fee", "Inbound connect fee")}
            {text("inbound_initial_block", "Inbound initial block (s)")}
            {text("inbound_increment", "Inbound increment (s)")}
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} value={draft.description} onChange={(e) => set("description", e.currentTarget.value)} error={error("description")} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!draft.name.trim() || !draft.country_code.trim() || draft.deck_ids.length === 0}>
              {plan ? "Save plan" : "Create plan"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
