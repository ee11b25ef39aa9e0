import { Table, Text } from "@mantine/core";

import { formatDuration } from "@/lib/duration";

import type { TrunkStatsRow } from "../api/cdrs";

const FAILURES = [
  ["busy", "Busy"],
  ["no_answer", "No answer"],
  ["congestion", "Congestion"],
  ["chanunavail", "Unavailable"],
  ["failed", "Failed"],
] as const;

/** Per trunk: attempts, answered, ASR (answered share), ACD (average answered length) and failures by kind. */
export function TrunkErrorsTable({ rows }: { rows: readonly TrunkStatsRow[] }) {
  const number = new Intl.NumberFormat();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped verticalSpacing="xs" data-testid="trunk-errors-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Trunk</Table.Th>
            <Table.Th ta="right">Attempts</Table.Th>
            <Table.Th ta="right">Answered</Table.Th>
            <Table.Th ta="right">ASR</Table.Th>
            <Table.Th ta="right">ACD</Table.Th>
            {FAILURES.map(([key, label]) => (
              <Table.Th key={key} ta="right">
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.trunk_id ?? "none"} data-testid="trunk-errors-row">
              <Table.Td>
                <Text size="sm" fw={500}>
                  {row.trunk_name ?? (row.trunk_id ? "A trunk" : "No trunk")}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{number.format(row.attempts)}</Table.Td>
              <Table.Td ta="right">{number.format(row.answered)}</Table.Td>
              <Table.Td ta="right">{row.asr === null ? "—" : `${row.asr}%`}</Table.Td>
              <Table.Td ta="right">{row.acd === null ? "—" : formatDuration(Math.round(Number(row.acd)))}</Table.Td>
              {FAILURES.map(([key]) => (
                <Table.Td key={key} ta="right">
                  <Text size="sm" c={row[key] > 0 ? "red.7" : "dimmed"}>
                    {number.format(row[key])}
                  </Text>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
