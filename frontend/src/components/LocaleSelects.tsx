import { Select, type SelectProps } from "@mantine/core";
import { useMemo } from "react";

import { timeZones } from "@/lib/dates";

type Props = Omit<SelectProps, "data" | "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
};

/** Every IANA timezone the browser knows, searchable. */
export function TimezoneSelect({ value, onChange, ...props }: Props) {
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(value) || !value ? all : [value, ...all];
  }, [value]);
  return (
    <Select
      label="Timezone"
      searchable
      limit={50}
      nothingFoundMessage="No such timezone"
      data={zones}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      {...props}
    />
  );
}

const LANGUAGES: readonly string[] = ["en", "en-GB", "de", "es", "fr", "it", "nl", "pl", "pt", "pt-BR", "ro", "sv", "tr"];

function languageLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
    return name ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The interface language (a BCP 47 code the API accepts: `xx` or `xx-YY`). */
export function LanguageSelect({ value, onChange, ...props }: Props) {
  const data = useMemo(() => {
    const codes = LANGUAGES.includes(value) || !value ? LANGUAGES : [value, ...LANGUAGES];
    return codes.map((code) => ({ value: code, label: languageLabel(code) }));
  }, [value]);
  return (
    <Select
      label="Language"
      data={data}
      value={value}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      {...props}
    />
  );
}
