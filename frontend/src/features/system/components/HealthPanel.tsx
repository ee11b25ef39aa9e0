import { Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ChartCard } from "@/components/ChartCard";
import { ErrorState, LoadingState } from "@/components/States";
import { formatLatency } from "@/lib/dates";

import { useReadiness } from "../hooks/useReadiness";
import { checkLabel, ordered } from "./checks";
import { GatewayList } from "./GatewayList";

/** Every dependency `/ready` reports (PostgreSQL, Redis, the broker, the workers, and whatever
 * else it adds) and the AGI gateways' heartbeats, refreshed every 15 s. */
export function HealthPanel() {
  const readiness = useReadiness();

  if (readiness.isPending) return <LoadingState label="Checking the system…" />;
  if (readiness.isError) return <ErrorState error={readiness.error} onRetry={() => void readiness.refetch()} title="System health unavailable" />;

  const checks = ordered(readiness.data.checks);
  const healthy = readiness.data.status === "ok";
  const chart = checks.map(([name, check]) => ({
    name: checkLabel(name),
    latency: Math.round(check.latency_ms * 10) / 10,
    ok: check.status === "ok",
  }));

  return (
    <Stack gap="md" data-testid="health-panel">
      <Group justify="space-between">
        <Text fw={600} size="lg">
          System health
        </Text>
        <Badge color={healthy ? "green" : "red"} size="lg" variant="light" data-testid="health-status">
          {healthy ? "All systems ready" : "Degraded"}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
        {checks.map(([name, check]) => (
          <Paper key={name} withBorder radius="md" p="md" data-testid={`health-${name}`}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={600}>{checkLabel(name)}</Text>
              <Badge color={check.status === "ok" ? "green" : "red"} variant="dot">
                {check.status === "ok" ? "ready" : "down"}
              </Badge>
            </Group>
            <Text size="xl" fw={700} mt="xs">
              {formatLatency(check.latency_ms)}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {check.detail ?? "answered just now"}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <GatewayList gateways={readiness.data.gateways ?? []} />
      <ChartCard title="Latency by dependency (ms)">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={chart} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
            <YAxis tick={{ fontSize: 12 }} allowDecimals />
            <Tooltip formatter={(value) => [`${String(value)} ms`, "latency"]} />
            <Bar dataKey="latency" radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {chart.map((entry) => (
                <Cell key={entry.name} fill={entry.ok ? "var(--mantine-color-blue-6)" : "var(--mantine-color-red-6)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
    </Stack>
  );
}
