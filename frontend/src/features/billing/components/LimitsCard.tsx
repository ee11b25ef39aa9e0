import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

import { Money } from "@/components/Money";
import { ErrorState, LoadingState } from "@/components/States";
import { formatDate } from "@/lib/dates";

import { useBilling, useBlockedGroups } from "../hooks/useBilling";

function Limit({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function BlockedGroups({ userId }: { userId: string }) {
  const blocked = useBlockedGroups(userId);
  if (blocked.isPending) return <Text size="sm" c="dimmed">…</Text>;
  if (blocked.isError) return <Text size="sm" c="red">Could not load</Text>;
  if (blocked.data.groups.length === 0) return <>none</>;
  return (
    <Group gap={4}>
      {blocked.data.groups.map((group) => (
        <Badge key={group.id} variant="light" color="red" tt="none">
          {group.name}
        </Badge>
      ))}
    </Group>
  );
}

/** What limits a client's spending: credit limit, caps, concurrent calls, periodic credit, blocked destinations. */
export function LimitsCard({ userId, timeZone }: { userId: string; timeZone: string }) {
  const billing = useBilling(userId);
  if (billing.isPending) return <LoadingState />;
  if (billing.isError) return <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />;
  const b = billing.data;
  const money = (amount: string | null, none = "no limit") => (amount === null ? none : <Money amount={amount} currency={b.currency} exact />);
  return (
    <Paper withBorder radius="md" p="md" data-testid="limits-card">
      <Title order={4} mb="md">
        Limits
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Limit label="Credit limit">{money(b.credit_limit)}</Limit>
        <Limit label="Monthly spend cap">{money(b.monthly_spend_cap)}</Limit>
        <Limit label="Low-credit warning below">{money(b.low_credit_threshold, "off")}</Limit>
        <Limit label="Most per call">{money(b.max_price_per_call)}</Limit>
        <Limit label="Most per minute">{money(b.max_price_per_minute)}</Limit>
        <Limit label="Calls at once">{b.max_concurrent_calls ?? "no limit"}</Limit>
        <Limit label="Periodic credit">
          {b.periodic_credit ? (
            <>
              <Money amount={b.periodic_credit.amount} currency={b.currency} exact /> {b.periodic_credit.period}
              {b.periodic_credit.next_reset_at ? `, next ${formatDate(b.periodic_credit.next_reset_at, { timeZone })}` : ""}
            </>
          ) : (
            "none"
          )}
        </Limit>
        <Limit label="Blocked destinations">
          <BlockedGroups userId={userId} />
        </Limit>
      </SimpleGrid>
    </Paper>
  );
}
