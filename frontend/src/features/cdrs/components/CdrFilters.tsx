import { Group, Select, TextInput } from "@mantine/core";
import type { ChangeEvent } from "react";

import { ClientSelect } from "@/components/ClientSelect";
import { SearchInput } from "@/components/SearchInput";

import { DIRECTIONS, DISPOSITIONS, type CdrDirection } from "../api/cdrs";
import type { DayRange } from "./cdrRange";

export interface CdrFilterValues extends DayRange {
  number?: string;
  disposition?: string;
  direction?: CdrDirection;
  client?: string;
}

const NUMBER_PATTERN = /^\+?[0-9]{0,20}$/;

/**
 * Date range (days in the viewer's timezone), number prefix, disposition, direction and — for
 * staff and resellers — the client. The route keeps them in the URL.
 */
export function CdrFilters({
  values,
  onChange,
  withClient,
  withNumber = true,
  rangeError,
}: {
  values: CdrFilterValues;
  onChange: (next: CdrFilterValues) => void;
  withClient: boolean;
  withNumber?: boolean;
  rangeError?: string | null;
}) {
  const dispositions: string[] = [...DISPOSITIONS];
  if (values.disposition && !dispositions.includes(values.disposition)) dispositions.push(values.disposition);
  const day = (key: "from" | "to") => (event: ChangeEvent<HTMLInputElement>) => onChange({ ...values, [key]: event.currentTarget.value || undefined });

  return (
    <Group gap="sm" mb="md" align="flex-start" wrap="wrap" data-testid="cdr-filters">
      <TextInput type="date" label="From" value={values.from ?? ""} onChange={day("from")} style={{ flex: "1 1 150px" }} data-testid="cdr-from" />
      <TextInput
        type="date"
        label="To"
        value={values.to ?? ""}
        onChange={day("to")}
        error={rangeError ?? undefined}
        style={{ flex: "1 1 150px" }}
        data-testid="cdr-to"
      />
      {withNumber ? (
        <SearchInput
          label="Number starts with"
          placeholder="e.g. 4420"
          value={values.number}
          onCommit={(number) => onChange({ ...values, number })}
          error={values.number !== undefined && !NUMBER_PATTERN.test(values.number) ? "Digits only, an optional leading +" : undefined}
          style={{ flex: "1 1 170px" }}
          inputMode="tel"
          data-testid="cdr-number-filter"
        />
      ) : null}
      <Select
        label="Disposition"
        placeholder="Any"
        clearable
        data={dispositions}
        value={values.disposition ?? null}
        onChange={(disposition) => onChange({ ...values, disposition: disposition ?? undefined })}
        style={{ flex: "1 1 150px" }}
        data-testid="cdr-disposition"
      />
      <Select
        label="Direction"
        placeholder="Any"
        clearable
        data={DIRECTIONS.map((direction) => ({ value: direction, label: direction }))}
        value={values.direction ?? null}
        onChange={(direction) => onChange({ ...values, direction: (direction as CdrDirection | null) ?? undefined })}
        style={{ flex: "1 1 130px" }}
        data-testid="cdr-direction"
      />
      {withClient ? (
        <ClientSelect
          value={values.client}
          onChange={(client) => onChange({ ...values, client })}
          style={{ flex: "1 1 220px" }}
          data-testid="cdr-client"
        />
      ) : null}
    </Group>
  );
}
