import { Button, Group, Modal, PasswordInput, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { TimezoneSelect } from "@/components/LocaleSelects";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { isStaff, ROLE_LABELS, type Role } from "@/lib/roles";

import { listUsers, type User } from "../api/users";
import { useCreateUser } from "../hooks/useUsers";

const FIELDS = ["email", "name", "password", "role", "company", "phone", "timezone", "currency", "parent_id"] as const;
const NO_RESELLER = "__direct__";

interface Draft {
  email: string;
  name: string;
  password: string;
  role: Role;
  company: string;
  phone: string;
  timezone: string;
  currency: string;
  parentId: string;
}

function emptyDraft(role: Role): Draft {
  return { email: "", name: "", password: "", role, company: "", phone: "", timezone: "UTC", currency: "USD", parentId: NO_RESELLER };
}

/**
 * Create an account. The role list holds only what the caller may manage (superadmin: all;
 * admin: resellers and clients; reseller: clients); staff may put a new client under a reseller.
 */
export function CreateUserModal({
  opened,
  onClose,
  callerRole,
  manageableRoles,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  callerRole: Role;
  manageableRoles: readonly Role[];
  onCreated: (user: User) => void;
}) {
  const defaultRole = manageableRoles.includes("client") ? "client" : (manageableRoles[0] ?? "client");
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(defaultRole));
  const create = useCreateUser();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const choosesReseller = isStaff(callerRole) && draft.role === "client";
  const resellers = useQuery({
    queryKey: ["users", "list", { role: "reseller", limit: 200, offset: 0 }],
    queryFn: () => listUsers({ role: "reseller", limit: 200, offset: 0 }),
    enabled: opened && choosesReseller,
  });

  const close = () => {
    create.reset();
    setDraft(emptyDraft(defaultRole));
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        email: draft.email.trim(),
        name: draft.name.trim(),
        password: draft.password,
        role: draft.role,
        company: draft.company.trim() || null,
        phone: draft.phone.trim() || null,
        timezone: draft.timezone,
        currency: draft.currency.trim().toUpperCase(),
        parent_id: choosesReseller && draft.parentId !== NO_RESELLER ? draft.parentId : null,
      },
      {
        onSuccess: (user) => {
          close();
          onCreated(user);
        },
      },
    );
  };

  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);

  return (
    <Modal opened={opened} onClose={close} title="New user" size="lg" fullScreen={false}>
      <form onSubmit={submit} noValidate data-testid="create-user-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not create the user" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Name" required value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} data-autofocus />
            <TextInput label="E-mail" type="email" required value={draft.email} onChange={(e) => set("email", e.currentTarget.value)} error={error("email")} autoComplete="off" />
            <PasswordInput
              label="Initial password"
              description="At least 10 characters"
              required
              value={draft.password}
              onChange={(e) => set("password", e.currentTarget.value)}
              error={error("password")}
              autoComplete="new-password"
            />
            <Select
              label="Role"
              required
              allowDeselect={false}
              data={manageableRoles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
              value={draft.role}
              onChange={(role) => role && set("role", role as Role)}
              error={error("role")}
              data-testid="create-user-role"
            />
            {choosesReseller ? (
              <Select
                label="Reseller"
                description="Leave as direct for a client of the platform itself"
                allowDeselect={false}
                searchable
                data={[
                  { value: NO_RESELLER, label: "Direct client (no reseller)" },
                  ...(resellers.data?.items ?? []).map((reseller) => ({ value: reseller.id, label: `${reseller.name} (${reseller.email})` })),
                ]}
                value={draft.parentId}
                onChange={(value) => value && set("parentId", value)}
                error={error("parent_id")}
              />
            ) : null}
            <TextInput label="Company" value={draft.company} onChange={(e) => set("company", e.currentTarget.value)} error={error("company")} />
            <TextInput label="Phone" value={draft.phone} onChange={(e) => set("phone", e.currentTarget.value)} error={error("phone")} />
            <TimezoneSelect value={draft.timezone} onChange={(value) => set("timezone", value)} error={error("timezone")} />
            <TextInput
              label="Currency"
              description="ISO 4217 code"
              maxLength={3}
              value={draft.currency}
              onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())}
              error={error("currency")}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!draft.email || !draft.name || !draft.password}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
