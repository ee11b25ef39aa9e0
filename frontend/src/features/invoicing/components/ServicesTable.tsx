import { Badge, Button, Group, Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";
import { plainDecimal } from "@/lib/decimal";

import type { Service } from "../api/catalogue";

export function ServicesTable({ services, onEdit, onDelete }: { services: Service[]; onEdit: (service: Service) => void; onDelete: (service: Service) => void }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="services-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th ta="right">Price</Table.Th>
            <Table.Th>Cycle</Table.Th>
            <Table.Th ta="right">Tax</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {services.map((service) => (
            <Table.Tr key={service.id} data-testid="service-row">
              <Table.Td>
                <Text size="sm" fw={500}>
                  {service.name}
                </Text>
                {service.description ? (
                  <Text size="xs" c="dimmed">
                    {service.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={service.price} currency={service.currency} exact size="sm" />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{service.cycle}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{plainDecimal(service.tax_rate)}%</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="dot" color={service.active ? "green" : "gray"}>
                  {service.active ? "active" : "inactive"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="subtle" onClick={() => onEdit(service)} data-testid="edit-service">
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(service)}>
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
