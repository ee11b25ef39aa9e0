import { Badge, Button, Group, Table, Text } from "@mantine/core";

import type { DestinationGroup } from "../api/destinations";

const SHOWN = 8;

export function GroupsTable({ groups, onEdit, onDelete }: { groups: readonly DestinationGroup[]; onEdit: (group: DestinationGroup) => void; onDelete: (group: DestinationGroup) => void }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="destination-groups-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefixes</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Table.Tr key={group.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {group.name}
                </Text>
                {group.description ? (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {group.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {group.prefixes.slice(0, SHOWN).map((prefix) => (
                    <Badge key={prefix} variant="outline" size="sm" tt="none">
                      {prefix}
                    </Badge>
                  ))}
                  {group.prefixes.length > SHOWN ? (
                    <Text size="xs" c="dimmed">
                      and {group.prefixes.length - SHOWN} more
                    </Text>
                  ) : null}
                  {group.prefixes.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      none
                    </Text>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onEdit(group)} aria-label={`Edit ${group.name}`}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(group)} aria-label={`Delete ${group.name}`}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
