import { Badge, Button, Group, Table, Text } from "@mantine/core";

import type { Trunk, TrunkGroup } from "../api/telephony";

export function TrunkGroupsTable({ groups, trunks, onEdit, onDelete }: { groups: readonly TrunkGroup[]; trunks: ReadonlyMap<string, Trunk>; onEdit: (group: TrunkGroup) => void; onDelete: (group: TrunkGroup) => void }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="trunk-groups-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Failover order</Table.Th>
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
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {group.trunk_ids.map((id, at) => (
                    <Badge key={id} variant="outline" size="sm" tt="none">
                      {at + 1}. {trunks.get(id)?.name ?? "trunk"}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onEdit(group)}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(group)}>
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
