import { Button, Group, Paper, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { LanguageSelect, TimezoneSelect } from "@/components/LocaleSelects";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { Profile, ProfileUpdate } from "../api/profile";
import { useUpdateMe } from "../hooks/useProfile";
import { channelsOf, NOTIFICATION_EVENTS, NotificationPreferencesTable, type Preferences } from "./NotificationPreferencesTable";

const FIELDS = ["name", "phone", "timezone", "language", "notification_preferences"] as const;

interface Draft {
  name: string;
  phone: string;
  timezone: string;
  language: string;
  preferences: Preferences;
}

function draftOf(profile: Profile): Draft {
  const preferences: Preferences = {};
  for (const event of NOTIFICATION_EVENTS) preferences[event.key] = channelsOf(profile.notification_preferences, event.key);
  return { name: profile.name, phone: profile.phone ?? "", timezone: profile.timezone, language: profile.language, preferences };
}

export function ProfileForm({ profile }: { profile: Profile }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  useEffect(() => setDraft(draftOf(profile)), [profile]);
  const update = useUpdateMe();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ProfileUpdate = {
      name: draft.name.trim(),
      phone: draft.phone.trim() || null,
      timezone: draft.timezone,
      language: draft.language,
      notification_preferences: draft.preferences,
    };
    update.mutate(body, { onSuccess: () => notifications.show({ color: "green", message: "Profile saved" }) });
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(update.error, field, FIELDS);

  return (
    <form onSubmit={submit} noValidate data-testid="profile-form">
      <Stack gap="md">
        <ProblemAlert error={update.error} fields={FIELDS} title="Could not save your profile" />
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            About you
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Name" required value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} />
            <TextInput label="E-mail" value={profile.email} readOnly description="Ask an administrator to change it" />
            <TextInput label="Phone" value={draft.phone} onChange={(e) => set("phone", e.currentTarget.value)} error={error("phone")} autoComplete="tel" />
            <TimezoneSelect value={draft.timezone} onChange={(value) => set("timezone", value)} error={error("timezone")} data-testid="profile-timezone" />
            <LanguageSelect value={draft.language} onChange={(value) => set("language", value)} error={error("language")} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            Notifications
          </Title>
          <NotificationPreferencesTable value={draft.preferences} onChange={(next) => set("preferences", next)} error={error("notification_preferences")} />
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={!draft.name.trim()}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
