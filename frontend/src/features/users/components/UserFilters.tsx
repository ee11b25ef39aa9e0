import { Group, Select, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";

import { ROLE_LABELS, USER_STATUSES, type Role, type UserStatus } from "@/lib/roles";

export interface UserFilterValues {
  search?: string;
  role?: Role;
  status?: UserStatus;
}

/** Search, role and status filters; the route keeps them in the URL. */
export function UserFilters({ values, roles, onChange }: { values: UserFilterValues; roles: readonly Role[]; onChange: (next: UserFilterValues) => void }) {
  const [search, setSearch] = useState(values.search ?? "");
  // Follow the URL (back/forward, cleared filters) without undoing what is being typed.
  useEffect(() => setSearch((current) => (current.trim() === (values.search ?? "") ? current : (values.search ?? ""))), [values.search]);
  const commitSearch = useDebouncedCallback((text: string) => onChange({ ...values, search: text.trim() || undefined }), 300);

  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name or e-mail"
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          commitSearch(event.currentTarget.value);
        }}
        style={{ flex: "1 1 220px" }}
        data-testid="user-search"
      />
      {roles.length > 1 ? (
        <Select
          label="Role"
          placeholder="Any role"
          clearable
          data={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          value={values.role ?? null}
          onChange={(role) => onChange({ ...values, role: (role as Role | null) ?? undefined })}
          style={{ flex: "0 1 160px" }}
          data-testid="user-role-filter"
        />
      ) : null}
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={USER_STATUSES.map((status) => ({ value: status, label: status }))}
        value={values.status ?? null}
        onChange={(status) => onChange({ ...values, status: (status as UserStatus | null) ?? undefined })}
        style={{ flex: "0 1 160px" }}
        data-testid="user-status-filter"
      />
    </Group>
  );
}
