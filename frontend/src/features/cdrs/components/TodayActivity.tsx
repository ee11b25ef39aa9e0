import { Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ChartCard } from "@/components/ChartCard";
import { Money } from "@/components/Money";
import { ErrorState } from "@/components/States";
import { addDays, dayStart, today } from "@/lib/zoned";

import { useCdrSummary } from "../hooks/useCdrs";
import { chartPoints, currenciesOf, foldSummary, periodsBetween } from "./summaryData";

const DAYS = 14;

function Figure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} component="div" data-testid={`${testId}-value`}>
        {children}
      </Text>
    </Paper>
  );
}

/**
 * Today's calls, billable minutes and revenue (a client's: spend), and the last 14 days as a
 * chart — one summary request, by day in the viewer's timezone. `leading` is a figure put
 * first in the same row (the live-call count); `currency` shows a day without priced calls.
 */
export function TodayActivity({ timeZone, currency, costLabel, leading }: { timeZone: string; currency: string; costLabel: string; leading?: ReactNode }) {
  const last = today(timeZone);
  const first = addDays(last, -(DAYS - 1));
  const summary = useCdrSummary({ started_from: dayStart(first, timeZone), started_to: dayStart(addDays(last, 1), timeZone), by: "day" });

  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} title="Call activity unavailable" />;

  const rows = summary.data?.rows ?? [];
  const totals = foldSummary(rows, periodsBetween(first, last, "day"));
  const currencies = currenciesOf(rows);
  const now = totals.find((entry) => entry.period === last) ?? { calls: 0, minutes: "0", cost: {} };
  const costs = Object.entries(now.cost).filter(([currency]) => currency !== "");
  const loading = summary.isPending;
  const value = (node: ReactNode) => (loading ? <Skeleton height={28} mt={4} width={64} /> : node);

  return (
    <Stack gap="md" data-testid="today-activity">
      <SimpleGrid cols={{ base: 1, xs: 2, lg: leading ? 4 : 3 }} spacing="sm">
        {leading}
        <Figure label="Calls today" testId="today-calls">
          {value(new Intl.NumberFormat().format(now.calls))}
        </Figure>
        <Figure label="Minutes today" testId="today-minutes">
          {value(now.minutes)}
        </Figure>
        <Figure label={`${costLabel} today`} testId="today-cost">
          {value(
            costs.length === 0 ? (
              <Money amount="0" currency={currencies[0] ?? currency} />
            ) : (
              costs.map(([currency, amount]) => <Money key={currency} amount={amount} currency={currency} display="block" />)
            ),
          )}
        </Figure>
      </SimpleGrid>
      <ChartCard title={`Calls and ${costLabel.toLowerCase()}, last ${DAYS} days`}>
        {loading ? (
          <Skeleton height={220} />
        ) : (
          <ResponsiveContainer width="100%" height={220}>
            <ComposedChart data={chartPoints(totals, currencies)} margin={{ top: 4, right: 0, bottom: 0, left: -12 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="period" tick={{ fontSize: 11 }} tickFormatter={(label: unknown) => String(label).slice(5)} minTickGap={8} />
              <YAxis yAxisId="calls" allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis yAxisId="cost" orientation="right" tick={{ fontSize: 11 }} hide={currencies.length === 0} />
              <Tooltip />
              <Legend />
              <Bar yAxisId="calls" dataKey="calls" name="calls" fill="var(--mantine-color-blue-6)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              {currencies.map((currency) => (
                <Line key={currency} yAxisId="cost" type="monotone" dataKey={`cost_${currency}`} name={`${costLabel.toLowerCase()} (${currency})`} stroke="var(--mantine-color-grape-6)" strokeWidth={2} isAnimationActive={false} />
              ))}
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </ChartCard>
    </Stack>
  );
}
