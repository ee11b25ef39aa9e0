import { Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core";

import { ErrorState, LoadingState } from "@/components/States";
import { formatDate } from "@/lib/dates";

import type { AllowanceBalance } from "../api/billing";
import { useAllowanceBalances } from "../hooks/useBilling";

/** Whole minutes, rounded down for what is left (a started minute is not a minute left). */
export function minutesOf(seconds: number): number {
  return Math.floor(seconds / 60);
}

/** The period's end is exclusive (the next period's first midnight): its last day is the one before. */
function lastInstant(end: string): string {
  return new Date(Date.parse(end) - 1000).toISOString();
}

function Allowance({ balance, timeZone }: { balance: AllowanceBalance; timeZone: string }) {
  const used = balance.seconds === 0 ? 100 : Math.min(100, Math.round((balance.used_seconds / balance.seconds) * 100));
  const low = balance.remaining_seconds < balance.seconds * 0.1;
  return (
    <Stack gap={4} data-testid="allowance">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {balance.group}
        </Text>
        <Text size="sm" c={low ? "red.7" : undefined} data-testid="allowance-remaining">
          {minutesOf(balance.remaining_seconds)} of {minutesOf(balance.seconds)} min left
        </Text>
      </Group>
      <Progress value={used} color={low ? "red" : "teal"} aria-label={`${balance.group}: ${used}% used`} />
      <Text size="xs" c="dimmed">
        {balance.period} allowance, through {formatDate(lastInstant(balance.period_end), { timeZone })}
      </Text>
    </Stack>
  );
}

/** The included minutes of the client's plan left this period; nothing at all when the plan has none. */
export function AllowancesCard({ userId, timeZone }: { userId: string; timeZone: string }) {
  const balances = useAllowanceBalances(userId);
  if (balances.isSuccess && balances.data.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="allowances">
      <Title order={4} mb="sm">
        Included minutes
      </Title>
      {balances.isPending ? (
        <LoadingState />
      ) : balances.isError ? (
        <ErrorState error={balances.error} onRetry={() => void balances.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {balances.data.map((balance) => (
            <Allowance key={balance.allowance_id} balance={balance} timeZone={timeZone} />
          ))}
        </SimpleGrid>
      )}
    </Paper>
  );
}
