import { Badge, Button, Code, Group, Table, Text } from "@mantine/core";

import type { Destination } from "../api/destinations";

export function DestinationsTable({
  destinations,
  onEdit,
  onDelete,
}: {
  destinations: readonly Destination[];
  /** Absent for those who may only look (resellers). */
  onEdit?: (destination: Destination) => void;
  onDelete?: (destination: Destination) => void;
}) {
  const editable = onEdit !== undefined || onDelete !== undefined;
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="destinations-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Destination</Table.Th>
            <Table.Th visibleFrom="sm">Country</Table.Th>
            <Table.Th visibleFrom="sm">Type</Table.Th>
            {editable ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {destinations.map((destination) => (
            <Table.Tr key={destination.id}>
              <Table.Td>
                <Code>{destination.prefix}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{destination.name}</Text>
              </Table.Td>
              <Table.Td visibleFrom="sm">{destination.country ?? "—"}</Table.Td>
              <Table.Td visibleFrom="sm">
                {destination.type ? (
                  <Badge size="sm" variant="light" tt="none">
                    {destination.type.replace("_", " ")}
                  </Badge>
                ) : (
                  "—"
                )}
              </Table.Td>
              {editable ? (
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    {onEdit ? (
                      <Button size="xs" variant="light" onClick={() => onEdit(destination)} aria-label={`Edit ${destination.prefix}`}>
                        Edit
                      </Button>
                    ) : null}
                    {onDelete ? (
                      <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(destination)} aria-label={`Delete ${destination.prefix}`}>
                        Delete
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
