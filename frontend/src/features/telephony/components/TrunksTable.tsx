import { Badge, Button, Code, Group, Table, Text } from "@mantine/core";

import { StatusBadge } from "@/components/Badges";

import type { Trunk } from "../api/telephony";

export function TrunksTable({ trunks, onEdit, onDelete }: { trunks: readonly Trunk[]; onEdit: (trunk: Trunk) => void; onDelete: (trunk: Trunk) => void }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="trunks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th visibleFrom="sm">Dial template</Table.Th>
            <Table.Th visibleFrom="md">Channels</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trunks.map((trunk) => (
            <Table.Tr key={trunk.id}>
              <Table.Td>
                <Text size="sm" fw={600} span>
                  {trunk.name}
                </Text>{" "}
                {trunk.is_default ? (
                  <Badge size="xs" variant="light">
                    default
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={trunk.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Code>{trunk.dial_template}</Code>
              </Table.Td>
              <Table.Td visibleFrom="md">{trunk.max_channels ?? "no limit"}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onEdit(trunk)}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(trunk)}>
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
