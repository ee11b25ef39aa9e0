import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { ErrorState, LoadingState } from "@/components/States";

import type { Billing } from "../api/billing";
import { useBilling, useUpdateBilling } from "../hooks/useBilling";
import { PERIODIC_PERIODS, termsDraft, termsPatch, type TermsDraft, type TermsField } from "./billingTerms";

const API_FIELDS = ["kind", "credit_limit", "max_concurrent_calls", "monthly_spend_cap", "max_price_per_minute", "max_price_per_call", "low_credit_threshold", "periodic_credit"] as const;

function TermsForm({ userId, billing }: { userId: string; billing: Billing }) {
  const [draft, setDraft] = useState<TermsDraft>(() => termsDraft(billing));
  const [shown, setShown] = useState(false);
  useEffect(() => setDraft(termsDraft(billing)), [billing]);
  const save = useUpdateBilling(userId);
  const { patch, errors } = termsPatch(billing, draft);
  const changed = Object.keys(patch).length > 0;
  const problem = (field: TermsField) => {
    if (shown && errors[field]) return errors[field];
    const api = field.startsWith("periodic_") ? "periodic_credit" : field;
    return fieldError(save.error, api, API_FIELDS);
  };
  const set = (field: TermsField) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [field]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0 || !changed) return;
    save.mutate(patch, { onSuccess: () => notifications.show({ color: "green", message: "Billing terms saved" }) });
  };
  const money = (field: TermsField, label: string, description: string) => (
    <TextInput label={label} description={description} inputMode="decimal" rightSection={<Text size="xs" c="dimmed">{billing.currency}</Text>} rightSectionWidth={44} value={draft[field]} onChange={set(field)} error={problem(field)} data-testid={`terms-${field}`} />
  );

  return (
    <form onSubmit={submit} noValidate data-testid="billing-terms-form">
      <Stack gap="md">
        <ProblemAlert error={save.error} fields={API_FIELDS} title="Could not save the terms" />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Account kind
          </Text>
          <SegmentedControl
            value={draft.kind}
            onChange={(value) => setDraft((current) => ({ ...current, kind: value === "postpaid" ? "postpaid" : "prepaid" }))}
            data={[
              { value: "prepaid", label: "Prepaid" },
              { value: "postpaid", label: "Postpaid" },
            ]}
            style={{ alignSelf: "flex-start" }}
            data-testid="terms-kind"
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {money("credit_limit", "Credit limit", "How far below zero a postpaid account may go")}
          {money("monthly_spend_cap", "Monthly spend cap", "Empty: no cap")}
          {money("low_credit_threshold", "Low-credit warning below", "Empty: no warning")}
          {money("max_price_per_minute", "Most per minute", "Calls dearer than this are refused")}
          {money("max_price_per_call", "Most per call", "Empty: no limit")}
          <TextInput label="Calls at once" description="Empty: no limit" inputMode="numeric" value={draft.max_concurrent_calls} onChange={set("max_concurrent_calls")} error={problem("max_concurrent_calls")} data-testid="terms-max_concurrent_calls" />
        </SimpleGrid>
        <Group gap="md" align="flex-start" grow>
          {money("periodic_amount", "Periodic credit", "Given every period; empty: none")}
          <Select
            label="Every"
            description="Period of the periodic credit"
            clearable
            data={PERIODIC_PERIODS.map((period) => ({ value: period, label: period }))}
            value={draft.periodic_period || null}
            onChange={(value) => setDraft((current) => ({ ...current, periodic_period: PERIODIC_PERIODS.find((period) => period === value) ?? "" }))}
            error={problem("periodic_period")}
            data-testid="terms-periodic_period"
          />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" disabled={!changed} onClick={() => { setDraft(termsDraft(billing)); setShown(false); save.reset(); }}>
            Undo changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!changed} data-testid="save-terms">
            Save terms
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A client's billing terms — kind, credit limit, caps, concurrent calls, periodic credit — for staff and its reseller to change. */
export function BillingTermsForm({ userId }: { userId: string }) {
  const billing = useBilling(userId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="billing-terms">
      <Title order={4} mb="md">
        Billing terms
      </Title>
      {billing.isPending ? <LoadingState /> : billing.isError ? <ErrorState error={billing.error} onRetry={() => void billing.refetch()} /> : <TermsForm userId={userId} billing={billing.data} />}
    </Paper>
  );
}
