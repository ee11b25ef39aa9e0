import { Alert, List, Radio, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";

import { choiceParam } from "@/lib/search";

import { FIELD_LABELS, IMPORT_FORMATS, MAPPED_FIELDS, PRESET_LABELS, REQUIRED_FIELDS, type MappedField } from "./columnMapping";
import { DELIMITER_LABELS, type ChosenFile } from "./csvFile";
import { settingsProblems, type ImportSettings } from "./importSettings";
import { MappingPreview } from "./MappingPreview";

const NOT_IN_FILE = "__none__";

function FieldSelect({ field, chosen, settings, onChange }: { field: MappedField; chosen: ChosenFile; settings: ImportSettings; onChange: (next: ImportSettings) => void }) {
  const index = settings.mapping[field];
  const required = REQUIRED_FIELDS.includes(field);
  return (
    <Select
      label={FIELD_LABELS[field]}
      required={required}
      allowDeselect={false}
      data={[
        ...(required ? [] : [{ value: NOT_IN_FILE, label: "— not in the file —" }]),
        ...chosen.header.map((name, at) => ({ value: String(at), label: name || `column ${at + 1}` })),
      ]}
      value={index === undefined ? (required ? null : NOT_IN_FILE) : String(index)}
      onChange={(value) =>
        onChange({ ...settings, mapping: { ...settings.mapping, [field]: value === null || value === NOT_IN_FILE ? undefined : Number(value) } })
      }
      data-testid={`map-${field}`}
    />
  );
}

function MappingFields({ chosen, settings, onChange }: { chosen: ChosenFile; settings: ImportSettings; onChange: (next: ImportSettings) => void }) {
  const setDefault = (key: "initial_block" | "increment", value: string) => onChange({ ...settings, defaults: { ...settings.defaults, [key]: value.trim() } });
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
      {MAPPED_FIELDS.map((field) => (
        <FieldSelect key={field} field={field} chosen={chosen} settings={settings} onChange={onChange} />
      ))}
      {settings.mapping.initial_block === undefined ? (
        <TextInput label="Initial block for every row (s)" value={settings.defaults.initial_block} onChange={(e) => setDefault("initial_block", e.currentTarget.value)} inputMode="numeric" />
      ) : null}
      {settings.mapping.increment === undefined ? (
        <TextInput label="Increment for every row (s)" value={settings.defaults.increment} onChange={(e) => setDefault("increment", e.currentTarget.value)} inputMode="numeric" />
      ) : null}
    </SimpleGrid>
  );
}

function Options({ settings, onChange }: { settings: ImportSettings; onChange: (next: ImportSettings) => void }) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label="Strip prefix"
          description="Digits removed from the start of every prefix (e.g. 00)"
          value={settings.stripPrefix}
          onChange={(e) => onChange({ ...settings, stripPrefix: e.currentTarget.value.trim() })}
          inputMode="numeric"
        />
        <TextInput
          label="Add prefix"
          description="Digits put in front of every prefix"
          value={settings.addPrefix}
          onChange={(e) => onChange({ ...settings, addPrefix: e.currentTarget.value.trim() })}
          inputMode="numeric"
        />
      </SimpleGrid>
      <Radio.Group label="When a row is bad" value={settings.onError} onChange={(value) => onChange({ ...settings, onError: value === "skip" ? "skip" : "reject" })}>
        <Stack gap={6} mt={6}>
          <Radio value="reject" label="Import nothing and list every bad row" />
          <Radio value="skip" label="Import the good rows and list the bad ones" />
        </Stack>
      </Radio.Group>
    </>
  );
}

/** Step 2: read the file as a preset, or map its columns; prefix rewriting; what a bad row does. */
export function ColumnMappingStep({ chosen, settings, onChange }: { chosen: ChosenFile; settings: ImportSettings; onChange: (next: ImportSettings) => void }) {
  const problems = settingsProblems(chosen, settings);
  return (
    <Stack gap="md" data-testid="mapping-step">
      <Text size="sm">
        <b>{chosen.file.name}</b>: {chosen.header.length} columns, {DELIMITER_LABELS[chosen.delimiter]}-separated.
      </Text>
      <Select
        label="Columns"
        allowDeselect={false}
        data={[
          { value: "custom", label: "Map the columns myself" },
          ...IMPORT_FORMATS.map((format) => ({ value: format, label: PRESET_LABELS[format] })),
        ]}
        value={settings.format}
        onChange={(value) => onChange({ ...settings, format: choiceParam(value, IMPORT_FORMATS) ?? "custom" })}
        data-testid="import-format"
      />
      {settings.format === "custom" ? <MappingFields chosen={chosen} settings={settings} onChange={onChange} /> : null}
      <MappingPreview chosen={chosen} settings={settings} />
      <Options settings={settings} onChange={onChange} />
      {problems.length > 0 ? (
        <Alert color="yellow" title="Before importing" data-testid="mapping-problems">
          <List size="sm">
            {problems.map((problem) => (
              <List.Item key={problem}>{problem}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Stack>
  );
}
