import { Group, Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ChartCard } from "@/components/ChartCard";
import { EmptyState, ErrorState } from "@/components/States";
import { addDays, dayStart, today } from "@/lib/zoned";

import { useCdrList } from "../hooks/useCdrs";
import { CdrTable } from "./CdrTable";
import { topDestinations } from "./topDestinations";

/** How many of the latest records the top destinations are counted over. */
const SAMPLE = 200;
const DAYS = 7;

/**
 * The week's most called destinations (counted over its latest 200 calls: the API has no
 * per-destination summary) as a bar chart, and the five latest calls.
 */
export function RecentCalls({ timeZone, link }: { timeZone: string; link: ReactNode }) {
  const last = today(timeZone);
  const cdrs = useCdrList({
    started_from: dayStart(addDays(last, -(DAYS - 1)), timeZone),
    started_to: dayStart(addDays(last, 1), timeZone),
    sort: "-started_at",
    limit: SAMPLE,
    offset: 0,
  });
  if (cdrs.isError) return <ErrorState error={cdrs.error} onRetry={() => void cdrs.refetch()} title="Recent calls unavailable" />;
  const items = cdrs.data?.items ?? [];
  const top = topDestinations(items).map((entry) => ({ ...entry, minutes: Math.round(entry.seconds / 6) / 10 }));
  const sampled = (cdrs.data?.total ?? 0) > SAMPLE;

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <ChartCard title={`Top destinations, last ${DAYS} days${sampled ? ` (latest ${SAMPLE} calls)` : ""}`}>
        {cdrs.isPending ? (
          <Skeleton height={220} />
        ) : top.length === 0 ? (
          <EmptyState title="No calls this week" />
        ) : (
          <div data-testid="top-destinations">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={top} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
                <YAxis type="category" dataKey="destination" width={110} tick={{ fontSize: 11 }} />
                <Tooltip />
                <Bar dataKey="calls" name="calls" fill="var(--mantine-color-indigo-6)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </ChartCard>
      <Paper withBorder radius="md" p="md" data-testid="recent-calls">
        <Group justify="space-between" mb="sm">
          <Text fw={600}>Latest calls</Text>
          {link}
        </Group>
        {cdrs.isPending ? (
          <Stack gap="xs">
            <Skeleton height={24} />
            <Skeleton height={24} />
            <Skeleton height={24} />
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState title="No calls this week" />
        ) : (
          <CdrTable cdrs={items.slice(0, 5)} timeZone={timeZone} compact />
        )}
      </Paper>
    </SimpleGrid>
  );
}
