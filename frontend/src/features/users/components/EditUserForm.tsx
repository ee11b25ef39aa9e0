import { Button, Group, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { LanguageSelect, TimezoneSelect } from "@/components/LocaleSelects";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { ROLE_LABELS, type Role } from "@/lib/roles";

import type { User, UserUpdate } from "../api/users";
import { useUpdateUser } from "../hooks/useUsers";

const FIELDS = ["name", "email", "phone", "company", "address", "country", "timezone", "language", "role"] as const;

interface Draft {
  name: string;
  email: string;
  phone: string;
  company: string;
  address: string;
  country: string;
  timezone: string;
  language: string;
  role: Role;
}

function draftOf(user: User): Draft {
  return {
    name: user.name,
    email: user.email,
    phone: user.phone ?? "",
    company: user.company ?? "",
    address: user.address ?? "",
    country: user.country ?? "",
    timezone: user.timezone,
    language: user.language,
    role: user.role,
  };
}

/** Only the fields that changed are sent (PATCH). */
function changes(user: User, draft: Draft): UserUpdate {
  const before = draftOf(user);
  const update: UserUpdate = {};
  if (draft.name.trim() !== before.name) update.name = draft.name.trim();
  if (draft.email.trim() !== before.email) update.email = draft.email.trim();
  if (draft.phone.trim() !== before.phone) update.phone = draft.phone.trim() || null;
  if (draft.company.trim() !== before.company) update.company = draft.company.trim() || null;
  if (draft.address.trim() !== before.address) update.address = draft.address.trim() || null;
  if (draft.country.trim() !== before.country) update.country = draft.country.trim().toUpperCase() || null;
  if (draft.timezone !== before.timezone) update.timezone = draft.timezone;
  if (draft.language !== before.language) update.language = draft.language;
  if (draft.role !== before.role) update.role = draft.role;
  return update;
}

export function EditUserForm({ user, assignableRoles }: { user: User; assignableRoles: readonly Role[] }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  useEffect(() => setDraft(draftOf(user)), [user]);
  const update = useUpdateUser(user.id);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const pending = changes(user, draft);
  const dirty = Object.keys(pending).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    update.mutate(pending, {
      onSuccess: () => notifications.show({ color: "green", message: "Saved" }),
    });
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(update.error, field, FIELDS);
  const roleChoices = assignableRoles.includes(user.role) ? assignableRoles : [user.role, ...assignableRoles];

  return (
    <form onSubmit={submit} noValidate data-testid="edit-user-form">
      <Stack gap="sm">
        <ProblemAlert error={update.error} fields={FIELDS} title="Could not save" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" required value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} />
          <TextInput label="E-mail" type="email" required value={draft.email} onChange={(e) => set("email", e.currentTarget.value)} error={error("email")} />
          <TextInput label="Phone" value={draft.phone} onChange={(e) => set("phone", e.currentTarget.value)} error={error("phone")} />
          <TextInput label="Company" value={draft.company} onChange={(e) => set("company", e.currentTarget.value)} error={error("company")} />
          <TextInput label="Address" value={draft.address} onChange={(e) => set("address", e.currentTarget.value)} error={error("address")} />
          <TextInput
            label="Country"
            description="ISO 3166 code, e.g. DE"
            maxLength={2}
            value={draft.country}
            onChange={(e) => set("country", e.currentTarget.value.toUpperCase())}
            error={error("country")}
          />
          <TimezoneSelect value={draft.timezone} onChange={(value) => set("timezone", value)} error={error("timezone")} />
          <LanguageSelect value={draft.language} onChange={(value) => set("language", value)} error={error("language")} />
          {assignableRoles.length > 0 ? (
            <Select
              label="Role"
              allowDeselect={false}
              data={roleChoices.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
              value={draft.role}
              onChange={(role) => role && set("role", role as Role)}
              error={error("role")}
            />
          ) : null}
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" disabled={!dirty || update.isPending} onClick={() => setDraft(draftOf(user))}>
            Reset
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
