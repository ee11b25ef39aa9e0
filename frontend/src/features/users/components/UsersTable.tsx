import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { RoleBadge, StatusBadge } from "@/components/Badges";
import { formatDate } from "@/lib/dates";

import type { User } from "../api/users";

export function UsersTable({ users, timeZone }: { users: readonly User[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th visibleFrom="md">Company</Table.Th>
            <Table.Th visibleFrom="sm">Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Anchor
                  renderRoot={(props) => <Link {...props} to="/users/$userId" params={{ userId: user.id }} />}
                  fw={600}
                  size="sm"
                >
                  {user.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {user.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <RoleBadge role={user.role} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={user.status} />
              </Table.Td>
              <Table.Td visibleFrom="md">{user.company ?? "—"}</Table.Td>
              <Table.Td visibleFrom="sm">{formatDate(user.created_at, { timeZone })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
