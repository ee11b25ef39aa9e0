import { Alert, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { ErrorState, LoadingState } from "@/components/States";

import type { Preferences } from "../api/preferences";
import { usePreferences, useUpdatePreferences } from "../hooks/usePreferences";
import { preferencesDraft, preferencesPatch, type PreferencesDraft, type PreferencesField } from "./preferencesDraft";

const API_FIELDS = ["mask_digits", "notify_low_credit", "notify_spend_cap", "notify_invoices", "notification_email", "low_credit_threshold"] as const;

const ALERTS = [
  { key: "notify_low_credit", label: "Low credit", description: "When the available credit falls below the threshold" },
  { key: "notify_spend_cap", label: "Spend cap reached", description: "When this month's spend reaches the monthly cap" },
  { key: "notify_invoices", label: "Invoice issued", description: "When an invoice or credit note is issued" },
] as const;

function Form({ userId, stored, currency, accountEmail }: { userId: string; stored: Preferences; currency: string; accountEmail?: string }) {
  const [draft, setDraft] = useState<PreferencesDraft>(() => preferencesDraft(stored));
  const [shown, setShown] = useState(false);
  useEffect(() => setDraft(preferencesDraft(stored)), [stored]);
  const save = useUpdatePreferences(userId);
  const { patch, errors } = preferencesPatch(stored, draft);
  const changed = Object.keys(patch).length > 0;
  const problem = (field: PreferencesField) => (shown ? errors[field] : undefined) ?? fieldError(save.error, field, API_FIELDS);
  const set = <K extends PreferencesField>(field: K, value: PreferencesDraft[K]) => setDraft((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0 || !changed) return;
    save.mutate(patch, { onSuccess: () => notifications.show({ color: "green", message: "Preferences saved" }) });
  };
  const maskingChanged = draft.mask_digits !== stored.mask_digits;

  return (
    <form onSubmit={submit} noValidate data-testid="preferences-form">
      <Stack gap="lg">
        <ProblemAlert error={save.error} fields={API_FIELDS} title="Could not save the preferences" />
        <Stack gap="xs">
          <Title order={5}>Call records</Title>
          <Switch
            label="Hide the last three digits of dialled numbers"
            description="Applies to calls stored from now on: calls already recorded keep the digits they were stored with, and nobody can unmask a masked number later."
            checked={draft.mask_digits}
            onChange={(event) => set("mask_digits", event.currentTarget.checked)}
            data-testid="pref-mask_digits"
          />
          {maskingChanged ? (
            <Alert color="blue" variant="light" data-testid="mask-change-note">
              {draft.mask_digits ? "After saving, new calls show numbers such as 44161234XXX." : "After saving, new calls show full numbers; calls stored masked stay masked."}
            </Alert>
          ) : null}
        </Stack>
        <Stack gap="xs">
          <Title order={5}>E-mail alerts</Title>
          {ALERTS.map((alert) => (
            <Checkbox
              key={alert.key}
              label={alert.label}
              description={alert.description}
              checked={draft[alert.key]}
              onChange={(event) => set(alert.key, event.currentTarget.checked)}
              data-testid={`pref-${alert.key}`}
            />
          ))}
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Send alerts to"
            description={accountEmail ? `Empty: the account's own address (${accountEmail})` : "Empty: the account's own address"}
            type="email"
            value={draft.notification_email}
            onChange={(event) => set("notification_email", event.currentTarget.value)}
            error={problem("notification_email")}
            data-testid="pref-notification_email"
          />
          <TextInput
            label="Low-credit alert below"
            description="Empty: no low-credit alert"
            inputMode="decimal"
            rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
            rightSectionWidth={44}
            value={draft.low_credit_threshold}
            onChange={(event) => set("low_credit_threshold", event.currentTarget.value)}
            error={problem("low_credit_threshold")}
            data-testid="pref-low_credit_threshold"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!changed}
            onClick={() => {
              setDraft(preferencesDraft(stored));
              setShown(false);
              save.reset();
            }}
          >
            Undo changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!changed} data-testid="save-preferences">
            Save preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A client's digit masking, e-mail alerts, alert address and low-credit level: the client's own page, and a tab of the client for staff. */
export function PreferencesForm({ userId, currency, accountEmail }: { userId: string; currency: string; accountEmail?: string }) {
  const preferences = usePreferences(userId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="preferences">
      {preferences.isPending ? (
        <LoadingState />
      ) : preferences.isError ? (
        <ErrorState error={preferences.error} onRetry={() => void preferences.refetch()} title="Could not load the preferences" />
      ) : (
        <Form userId={userId} stored={preferences.data} currency={currency} accountEmail={accountEmail} />
      )}
    </Paper>
  );
}
