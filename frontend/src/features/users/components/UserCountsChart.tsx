import { Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ChartCard } from "@/components/ChartCard";
import { ErrorState } from "@/components/States";

import { useUserCounts, type CountSeries } from "../hooks/useUsers";

/** Account counts (each the `total` of a one-row page), as numbers and as a bar chart. */
export function UserCountsChart({ title, series, testId }: { title: string; series: readonly CountSeries[]; testId?: string }) {
  const counts = useUserCounts(series);
  const failed = counts.find((count) => count.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => counts.forEach((count) => void count.refetch())} title={`${title}: unavailable`} />;

  const loading = counts.some((count) => count.isPending);
  const data = series.map((entry, index) => ({ name: entry.label, count: counts[index]?.data ?? 0 }));

  return (
    <Stack gap="sm" data-testid={testId}>
      <SimpleGrid cols={{ base: 2, sm: Math.min(series.length, 4) }} spacing="sm">
        {data.map((entry) => (
          <Paper key={entry.name} withBorder radius="md" p="md">
            <Text size="sm" c="dimmed">
              {entry.name}
            </Text>
            {loading ? (
              <Skeleton height={28} mt={4} width={48} />
            ) : (
              <Text size="xl" fw={700} data-testid={`count-${entry.name.toLowerCase()}`}>
                {entry.count}
              </Text>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      <ChartCard title={title}>
        {loading ? (
          <Skeleton height={200} />
        ) : (
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="count" fill="var(--mantine-color-teal-6)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ChartCard>
    </Stack>
  );
}
