import { Badge, Code, Table, Text } from "@mantine/core";

import { Money } from "@/components/Money";
import { formatDate } from "@/lib/dates";

import type { Rate } from "../api/decks";

function Effective({ rate, timeZone }: { rate: Rate; timeZone: string }) {
  if (!rate.effective_from && !rate.effective_until) return <Text size="sm" c="dimmed">always</Text>;
  return (
    <Text size="sm">
      {rate.effective_from ? formatDate(rate.effective_from, { timeZone }) : "…"} – {rate.effective_until ? formatDate(rate.effective_until, { timeZone }) : "…"}
    </Text>
  );
}

export function RatesTable({ rates, currency, timeZone }: { rates: readonly Rate[]; currency: string; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped verticalSpacing="xs" data-testid="rates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Destination</Table.Th>
            <Table.Th ta="right">Per minute</Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              Connect fee
            </Table.Th>
            <Table.Th visibleFrom="sm">Blocks</Table.Th>
            <Table.Th visibleFrom="md">Effective</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rates.map((rate) => (
            <Table.Tr key={rate.id}>
              <Table.Td>
                <Code>{rate.prefix}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{rate.destination || "—"}</Text>
                {!rate.allowed ? (
                  <Badge size="xs" color="red" variant="light">
                    blocked
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                {rate.flat_price !== null ? (
                  <Text size="sm" span>
                    <Money amount={rate.flat_price} currency={currency} exact size="sm" /> per call
                  </Text>
                ) : (
                  <Money amount={rate.rate_per_minute} currency={currency} exact size="sm" />
                )}
              </Table.Td>
              <Table.Td ta="right" visibleFrom="sm">
                <Money amount={rate.connect_fee} currency={currency} exact size="sm" />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                {rate.initial_block}/{rate.increment} s
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Effective rate={rate} timeZone={timeZone} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
