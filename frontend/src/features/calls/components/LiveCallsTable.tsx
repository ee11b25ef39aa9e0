import { Code, Progress, Table, Text } from "@mantine/core";

import { formatDateTime } from "@/lib/dates";
import { formatDuration } from "@/lib/duration";

import type { LiveCall } from "../api/liveCalls";

export function LiveCallsTable({ calls, timeZone }: { calls: readonly LiveCall[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="live-calls-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            <Table.Th>Destination</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th visibleFrom="sm">SIP user</Table.Th>
            <Table.Th visibleFrom="md">Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((call) => (
            <Table.Tr key={call.call_id}>
              <Table.Td>
                <Code>{call.normalized_number}</Code>
                {call.caller_number ? (
                  <Text size="xs" c="dimmed">
                    from {call.caller_number}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{call.destination ?? "—"}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {formatDuration(call.duration_so_far)}
                  {call.max_duration > 0 ? ` / ${formatDuration(call.max_duration)}` : ""}
                </Text>
                {call.max_duration > 0 ? <Progress value={Math.min(100, (call.duration_so_far / call.max_duration) * 100)} size="xs" mt={2} aria-label="Time used of the granted maximum" /> : null}
              </Table.Td>
              <Table.Td visibleFrom="sm">{call.sip_user ?? "—"}</Table.Td>
              <Table.Td visibleFrom="md">{formatDateTime(call.started_at, { timeZone })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
