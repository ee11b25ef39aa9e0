import { Alert, Badge, Code, Divider, Group, Paper, SimpleGrid, Stack, Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";

import type { Quote } from "../api/quote";

const STATUS_TEXT: Record<string, string> = {
  rated: "Priced",
  unrated: "No rate matches this number",
  blocked: "Calls to this destination are blocked",
  pending_price: "Late-billed: priced after the call",
};

/** The rating engine's breakdown lines (backend rating/markup.py), in words. */
const COMPONENT_LABELS: Record<string, string> = {
  connect_fee: "Connect fee",
  usage: "Usage (billed time × rate)",
  flat_price: "Per-call price",
  plan_percent: "Plan markup (%)",
  plan_per_minute: "Plan markup per minute",
  international: "International markup",
  reseller: "Reseller margin",
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
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

/** A quote's facts (match, rate, billed time) and its cost breakdown, line by line. */
export function QuoteBreakdown({ quote }: { quote: Quote }) {
  const priced = quote.total !== null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="quote-breakdown">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>
          <Code>{quote.number}</Code>
        </Text>
        <Badge color={priced ? "green" : "red"} variant="light" data-testid="quote-status">
          {STATUS_TEXT[quote.status] ?? quote.status}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" mb="md">
        <Fact label="Destination">{quote.destination ?? "—"}</Fact>
        <Fact label="Matched prefix">{quote.matched_prefix ? <Code>{quote.matched_prefix}</Code> : "—"}</Fact>
        <Fact label="Rate per minute">
          <Money amount={quote.rate_per_minute} currency={quote.currency} exact />
        </Fact>
        <Fact label="Billed time">{quote.billed_seconds} s</Fact>
      </SimpleGrid>
      {quote.components.length > 0 ? (
        <Table verticalSpacing={6} data-testid="quote-components">
          <Table.Tbody>
            {quote.components.map((component, at) => (
              <Table.Tr key={`${component.name}-${at}`}>
                <Table.Td>{COMPONENT_LABELS[component.name] ?? component.name}</Table.Td>
                <Table.Td ta="right">
                  <Money amount={component.amount} currency={quote.currency} exact />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <Divider my="sm" />
      {priced ? (
        <Group justify="space-between">
          <Text fw={700}>Total</Text>
          <Money amount={quote.total} currency={quote.currency} exact fw={700} size="lg" data-testid="quote-total" />
        </Group>
      ) : (
        <Alert color="yellow">This call would not be connected, so it costs nothing.</Alert>
      )}
      {quote.deck_version !== null ? (
        <Text size="xs" c="dimmed" mt="xs">
          Priced with deck version {quote.deck_version}
        </Text>
      ) : null}
    </Paper>
  );
}
