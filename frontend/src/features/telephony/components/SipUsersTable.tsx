import { Button, Code, Group, Menu, Table, Text } from "@mantine/core";

import { StatusBadge } from "@/components/Badges";

import type { SipUser } from "../api/telephony";

export interface SipUserActions {
  onEdit: (sipUser: SipUser) => void;
  onToggle: (sipUser: SipUser) => void;
  onRotate: (sipUser: SipUser) => void;
  onDelete: (sipUser: SipUser) => void;
}

function RowActions({ sipUser, actions }: { sipUser: SipUser; actions: SipUserActions }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="light" onClick={() => actions.onEdit(sipUser)}>
        Edit
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="subtle" aria-label={`More for ${sipUser.username}`}>
            ⋯
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => actions.onToggle(sipUser)}>{sipUser.status === "active" ? "Suspend" : "Activate"}</Menu.Item>
          <Menu.Item onClick={() => actions.onRotate(sipUser)}>Rotate secret</Menu.Item>
          <Menu.Item color="red" onClick={() => actions.onDelete(sipUser)}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** SIP users; `actions` is absent for a client, who may only look. */
export function SipUsersTable({ sipUsers, actions }: { sipUsers: readonly SipUser[]; actions?: SipUserActions }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="xs" data-testid="sip-users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Username</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th visibleFrom="sm">Caller ID</Table.Th>
            <Table.Th visibleFrom="md">Calls at once</Table.Th>
            {actions ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sipUsers.map((sipUser) => (
            <Table.Tr key={sipUser.id}>
              <Table.Td>
                <Code>{sipUser.username}</Code>
                {sipUser.account_code ? (
                  <Text size="xs" c="dimmed">
                    account {sipUser.account_code}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={sipUser.status} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm">{[sipUser.caller_id_name, sipUser.caller_id_number].filter(Boolean).join(" ") || "—"}</Text>
              </Table.Td>
              <Table.Td visibleFrom="md">{sipUser.max_concurrent_calls ?? "no limit"}</Table.Td>
              {actions ? (
                <Table.Td>
                  <RowActions sipUser={sipUser} actions={actions} />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
