import { Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { SPECIAL_DIRECTIONS, type SpecialDirection } from "../api/bundles";
import { useCreateSpecialRate } from "../hooks/useBundles";
import { EMPTY_SPECIAL_RATE, parseSpecialPattern, specialRateBody, type SpecialPricing, type SpecialRateDraft } from "./bundleInput";

const FIELDS = ["pattern", "label", "direction", "flat_price", "rate_per_minute", "connect_fee", "initial_block", "increment"] as const;
type TextField = Exclude<keyof SpecialRateDraft, "direction" | "pricing">;

/** A special-number rule of a plan: a pattern priced flat per call or per minute, before the tariff. */
export function SpecialRateModal({ planId, currency, opened, onClose }: { planId: string; currency: string; opened: boolean; onClose: () => void }) {
  const [draft, setDraft] = useState<SpecialRateDraft>(EMPTY_SPECIAL_RATE);
  const [touched, setTouched] = useState(false);
  const create = useCreateSpecialRate(planId);
  const set = <K extends keyof SpecialRateDraft>(key: K, value: SpecialRateDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);
  const parsed = parseSpecialPattern(draft.pattern);
  const patternError = touched && "error" in parsed ? parsed.error : error("pattern");
  const blockError = (field: "initial_block" | "increment") => (/^\d+$/.test(draft[field].trim()) ? error(field) : "Whole seconds");
  const metered = draft.pricing === "metered";
  const ready = "pattern" in parsed && (metered ? draft.rate_per_minute.trim() !== "" && !blockError("initial_block") && !blockError("increment") : draft.flat_price.trim() !== "");
  const input = (field: TextField, label: string, extra: { description?: string; required?: boolean; error?: string } = {}) => (
    <TextInput label={label} value={draft[field]} onChange={(e) => set(field, e.currentTarget.value)} error={error(field)} data-testid={`special-${field}`} {...extra} />
  );

  const close = () => {
    create.reset();
    setDraft(EMPTY_SPECIAL_RATE);
    setTouched(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const request = specialRateBody(draft);
    if ("body" in request) create.mutate(request.body, { onSuccess: close });
  };

  return (
    <Modal opened={opened} onClose={close} title="New special-number rule" size="lg">
      <form onSubmit={submit} noValidate data-testid="special-rate-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not add the rule" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="Pattern"
              description="National number's first digits; 1300* and 1300 are the same"
              required
              value={draft.pattern}
              onChange={(e) => set("pattern", e.currentTarget.value)}
              onBlur={() => setTouched(draft.pattern.trim() !== "")}
              error={patternError}
              data-testid="special-pattern"
            />
            {input("label", "Label", { description: "Shown as the call's destination and on invoices" })}
          </SimpleGrid>
          <Select
            label="Direction"
            allowDeselect={false}
            data={SPECIAL_DIRECTIONS.map((value) => ({ value, label: value === "outbound" ? "Outbound calls" : "Inbound calls" }))}
            value={draft.direction}
            onChange={(value) => value && set("direction", value as SpecialDirection)}
            error={error("direction")}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Price ({currency}, no markups)
            </Text>
            <SegmentedControl
              value={draft.pricing}
              onChange={(value) => set("pricing", value as SpecialPricing)}
              data={[
                { value: "flat", label: "Flat per call" },
                { value: "metered", label: "Per minute" },
              ]}
              data-testid="special-pricing"
            />
          </Stack>
          {metered ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              {input("rate_per_minute", "Rate per minute", { required: true })}
              {input("connect_fee", "Connect fee")}
              {input("initial_block", "Initial block (s)", { error: blockError("initial_block") })}
              {input("increment", "Increment (s)", { error: blockError("increment") })}
            </SimpleGrid>
          ) : (
            input("flat_price", "Price per call", { required: true, description: "Whatever the call's length" })
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!ready}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
