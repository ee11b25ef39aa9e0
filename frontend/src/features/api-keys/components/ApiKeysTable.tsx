import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";

import { StatusBadge } from "@/components/Badges";
import { ProblemAlert } from "@/components/ProblemAlert";
import { formatDate, formatDateTime } from "@/lib/dates";

import type { ApiKey } from "../api/apiKeys";
import { useRevokeApiKey } from "../hooks/useApiKeys";

function Scopes({ scopes }: { scopes: readonly string[] }) {
  const shown = scopes.slice(0, 3);
  return (
    <Group gap={4}>
      {shown.map((scope) => (
        <Badge key={scope} variant="outline" size="sm" tt="none">
          {scope}
        </Badge>
      ))}
      {scopes.length > shown.length ? (
        <Tooltip label={scopes.slice(3).join(", ")} multiline w={240}>
          <Badge variant="light" size="sm" tt="none">
            +{scopes.length - shown.length}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

export function ApiKeysTable({ keys, timeZone }: { keys: readonly ApiKey[]; timeZone: string }) {
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useRevokeApiKey();

  const close = () => {
    revoke.reset();
    setRevoking(null);
  };
  const confirm = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notifications.show({ color: "green", message: `${revoking.name} was revoked` });
        close();
      },
    });
  };

  return (
    <>
      <Table.ScrollContainer minWidth={400}>
        <Table striped verticalSpacing="sm" data-testid="api-keys-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scopes</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th visibleFrom="sm">Expires</Table.Th>
              <Table.Th visibleFrom="md">Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {key.name}
                  </Text>
                  <Code>{key.prefix}…</Code>
                  {key.ip_allowlist.length > 0 ? (
                    <Text size="xs" c="dimmed">
                      from {key.ip_allowlist.join(", ")}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Scopes scopes={key.scopes} />
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={key.status} />
                </Table.Td>
                <Table.Td visibleFrom="sm">{key.expires_at ? formatDate(key.expires_at, { timeZone }) : "never"}</Table.Td>
                <Table.Td visibleFrom="md">{key.last_used_at ? formatDateTime(key.last_used_at, { timeZone }) : "never"}</Table.Td>
                <Table.Td>
                  {key.status === "active" ? (
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(key)}>
                      Revoke
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={revoking !== null} onClose={close} title="Revoke this key?">
        <Stack gap="md">
          <Text size="sm">Anything still using {revoking?.name} is refused from its next request on. This cannot be undone.</Text>
          <ProblemAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={confirm}>
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
