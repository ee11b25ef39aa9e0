import { Table, Text } from "@mantine/core";

import { FIELD_LABELS, MAPPED_FIELDS } from "./columnMapping";
import type { ChosenFile } from "./csvFile";
import type { ImportSettings } from "./importSettings";

/** The first rows of the file as they will be read: raw for a preset, by field for a mapping. */
export function MappingPreview({ chosen, settings }: { chosen: ChosenFile; settings: ImportSettings }) {
  if (chosen.preview.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The file has a header row but no rates yet.
      </Text>
    );
  }
  const custom = settings.format === "custom";
  const fields = MAPPED_FIELDS.filter((field) => settings.mapping[field] !== undefined);
  const headings = custom ? fields.map((field) => FIELD_LABELS[field]) : chosen.header;
  const rows = chosen.preview.map((cells) => (custom ? fields.map((field) => cells[settings.mapping[field] ?? -1] ?? "") : cells));
  return (
    <Table.ScrollContainer minWidth={300}>
      <Text size="xs" c="dimmed" mb={4}>
        The first {rows.length} rows, as they will be read
      </Text>
      <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={4} data-testid="mapping-preview">
        <Table.Thead>
          <Table.Tr>
            {headings.map((heading, at) => (
              <Table.Th key={`${heading}-${at}`}>{heading}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((cells, row) => (
            <Table.Tr key={row}>
              {cells.map((cell, at) => (
                <Table.Td key={at}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
