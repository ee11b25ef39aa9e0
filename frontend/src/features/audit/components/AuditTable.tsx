import { Code, Stack, Table, Text } from "@mantine/core";

import { formatDateTime } from "@/lib/dates";

import type { AuditEntry } from "../api/audit";
import { changedFields, showValue } from "./changes";

function Changes({ entry }: { entry: AuditEntry }) {
  if (entry.before === null && entry.after !== null) return <Text size="xs" c="dimmed">created</Text>;
  if (entry.after === null && entry.before !== null) return <Text size="xs" c="dimmed">removed</Text>;
  const changes = changedFields(entry.before, entry.after);
  if (changes.length === 0) return <Text size="xs" c="dimmed">—</Text>;
  return (
    <Stack gap={2}>
      {changes.slice(0, 6).map((change) => (
        <Text key={change.field} size="xs" style={{ wordBreak: "break-word" }}>
          <Code>{change.field}</Code> {showValue(change.from)} → {showValue(change.to)}
        </Text>
      ))}
      {changes.length > 6 ? <Text size="xs" c="dimmed">and {changes.length - 6} more</Text> : null}
    </Stack>
  );
}

/** The tail of an id: ids are UUIDv7, whose leading characters are a timestamp shared by many. */
function short(id: string): string {
  return `…${id.slice(-8)}`;
}

function actorName(actorId: string | null, me: string): string {
  if (actorId === null) return "system";
  return actorId === me ? "you" : short(actorId);
}

export function AuditTable({
  entries,
  timeZone,
  currentUserId,
  showObject = true,
}: {
  entries: readonly AuditEntry[];
  timeZone: string;
  currentUserId: string;
  showObject?: boolean;
}) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Action</Table.Th>
            {showObject ? <Table.Th>Object</Table.Th> : null}
            <Table.Th>By</Table.Th>
            <Table.Th>Changes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="sm">{formatDateTime(entry.at, { timeZone })}</Text>
              </Table.Td>
              <Table.Td>
                <Code style={{ whiteSpace: "nowrap" }}>{entry.action}</Code>
              </Table.Td>
              {showObject ? (
                <Table.Td>
                  <Text size="sm">{entry.object_type}</Text>
                  <Text size="xs" c="dimmed" title={entry.object_id}>
                    {short(entry.object_id)}
                  </Text>
                </Table.Td>
              ) : null}
              <Table.Td>
                <Text size="sm" title={entry.actor_id ?? undefined}>
                  {actorName(entry.actor_id, currentUserId)}
                </Text>
                <Text size="xs" c="dimmed">
                  via {entry.actor_via}
                </Text>
              </Table.Td>
              <Table.Td>
                <Changes entry={entry} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
