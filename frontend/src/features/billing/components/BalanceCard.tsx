import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

import { Money } from "@/components/Money";
import { ErrorState, LoadingState } from "@/components/States";

import type { Billing } from "../api/billing";
import { useBilling } from "../hooks/useBilling";

function Figure({ label, children, hint, testId }: { label: string; children: ReactNode; hint?: string; testId?: string }) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} component="div">
        {children}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}

function BalanceFigures({ billing }: { billing: Billing }) {
  const negative = billing.available.trim().startsWith("-");
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
      <Figure label="Balance" testId="balance">
        <Money amount={billing.balance} currency={billing.currency} exact />
      </Figure>
      <Figure label="Available to spend" testId="available" hint={billing.kind === "postpaid" ? "balance + credit limit − reserved" : "balance − reserved"}>
        <Money amount={billing.available} currency={billing.currency} exact c={negative ? "red" : undefined} />
      </Figure>
      <Figure label="Reserved by calls in progress" testId="reserved">
        <Money amount={billing.reserved} currency={billing.currency} exact />
      </Figure>
    </SimpleGrid>
  );
}

/** A client's balance, what it may still spend and what live calls hold; `actions` (e.g. Add credit) beside the title. */
export function BalanceCard({ userId, actions }: { userId: string; actions?: ReactNode }) {
  const billing = useBilling(userId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="balance-card">
      <Group justify="space-between" mb="md" gap="xs">
        <Group gap="xs">
          <Title order={4}>Balance</Title>
          {billing.data ? <Badge variant="light">{billing.data.kind}</Badge> : null}
        </Group>
        {actions}
      </Group>
      {billing.isPending ? (
        <LoadingState />
      ) : billing.isError ? (
        <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />
      ) : (
        <BalanceFigures billing={billing.data} />
      )}
    </Paper>
  );
}
