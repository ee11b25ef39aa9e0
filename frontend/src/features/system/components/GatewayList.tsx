import { Badge, Group, Paper, SimpleGrid, Text } from "@mantine/core";

import type { components } from "@/generated/api";

export type GatewayStatus = components["schemas"]["GatewayStatus"];

/** "12 s ago", "4 min ago": how long since a gateway's last heartbeat. */
export function sinceLabel(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** The AGI gateways that sent a heartbeat (`/ready`'s `gateways`), or a note that none did. */
export function GatewayList({ gateways }: { gateways: readonly GatewayStatus[] }) {
  if (gateways.length === 0) {
    return (
      <Paper withBorder radius="md" p="md" data-testid="health-gateways-none">
        <Text fw={600}>AGI gateways</Text>
        <Text size="sm" c="dimmed">
          No gateway has reported in the last day. Start one with <code>python -m agi_gateway</code>.
        </Text>
      </Paper>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
      {gateways.map((gateway) => (
        <Paper key={gateway.id} withBorder radius="md" p="md" data-testid={`health-gateway-${gateway.id}`}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600} truncate>
              Gateway {gateway.id}
            </Text>
            <Badge color={gateway.status === "ok" ? "green" : "orange"} variant="dot">
              {gateway.status === "ok" ? "reporting" : "stale"}
            </Badge>
          </Group>
          <Text size="xl" fw={700} mt="xs">
            {gateway.calls_in_progress} calls
          </Text>
          <Text size="xs" c="dimmed">
            {gateway.address} · v{gateway.version} · seen {sinceLabel(gateway.seconds_since)}
            {gateway.spooled > 0 ? ` · ${gateway.spooled} finalizes spooled` : ""}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
