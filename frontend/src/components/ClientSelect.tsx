import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

type Props = Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> & {
  value: string | undefined;
  onChange: (clientId: string | undefined) => void;
};

async function searchClients(search: string) {
  return expectData(await api.GET("/api/v1/users", { params: { query: { role: "client", search: search || undefined, limit: 50, offset: 0 } } }));
}

async function getClient(userId: string) {
  return expectData(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } }));
}

/** Pick a client within reach (shared by rates, billing and telephony), searching on the server. */
export function ClientSelect({ value, onChange, ...props }: Props) {
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed, 250);
  const clients = useQuery({ queryKey: ["users", "list", "clients", search], queryFn: () => searchClients(search), placeholderData: keepPreviousData });
  const selected = useQuery({ queryKey: ["users", "detail", value], queryFn: () => getClient(value as string), enabled: value !== undefined });
  const options = new Map((clients.data?.items ?? []).map((client) => [client.id, `${client.name} (${client.email})`]));
  if (selected.data && !options.has(selected.data.id)) options.set(selected.data.id, `${selected.data.name} (${selected.data.email})`);

  return (
    <Select
      label="Client"
      placeholder="Search by name or e-mail"
      searchable
      clearable
      filter={({ options: all }) => all}
      nothingFoundMessage={clients.isFetching ? "Searching…" : "No client found"}
      data={[...options].map(([id, label]) => ({ value: id, label }))}
      value={value ?? null}
      onChange={(id) => onChange(id ?? undefined)}
      onSearchChange={setTyped}
      {...props}
    />
  );
}
