import { SimpleGrid, Text } from "@mantine/core";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ChartCard } from "@/components/ChartCard";

import type { SummaryPeriod } from "../api/cdrs";
import { chartPoints, type PeriodTotals } from "./summaryData";

const COST_COLORS = ["var(--mantine-color-grape-6)", "var(--mantine-color-orange-6)", "var(--mantine-color-cyan-6)", "var(--mantine-color-pink-6)"];

/** "2026-03-05" → "05 Mar"-ish short labels: the day or the month only, to fit narrow charts. */
function tickLabel(period: SummaryPeriod) {
  return (label: unknown) => {
    const text = String(label);
    return period === "day" ? text.slice(5) : text;
  };
}

/** Calls, minutes and cost per period, as three charts (cost: one line per currency). */
export function SummaryCharts({ totals, currencies, period, costLabel = "Cost" }: { totals: readonly PeriodTotals[]; currencies: readonly string[]; period: SummaryPeriod; costLabel?: string }) {
  const data = chartPoints(totals, currencies);
  const axis = { dataKey: "period", tick: { fontSize: 11 }, tickFormatter: tickLabel(period), minTickGap: 12 };
  const margin = { top: 4, right: 8, bottom: 0, left: -12 };
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" data-testid="summary-charts">
      <ChartCard title="Calls">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="calls" name="calls" fill="var(--mantine-color-blue-6)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Billable minutes">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="minutes" name="minutes" fill="var(--mantine-color-teal-6)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title={costLabel}>
        {currencies.length === 0 ? (
          <Text size="sm" c="dimmed">
            No priced calls in this period.
          </Text>
        ) : (
          <ResponsiveContainer width="100%" height={200}>
            <LineChart data={data} margin={margin}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis {...axis} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip />
              {currencies.length > 1 ? <Legend /> : null}
              {currencies.map((currency, index) => (
                <Line
                  key={currency}
                  type="monotone"
                  dataKey={`cost_${currency}`}
                  name={currency}
                  stroke={COST_COLORS[index % COST_COLORS.length]}
                  strokeWidth={2}
                  dot={totals.length <= 31}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </ChartCard>
    </SimpleGrid>
  );
}
