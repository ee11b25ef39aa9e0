import { Badge, Box, Button, Code, Group, Table, Text } from "@mantine/core";
import { useState } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";
import { Money } from "@/components/Money";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { isZeroDecimal } from "@/lib/decimal";

import type { SpecialRate } from "../api/bundles";
import { useDeleteSpecialRate, useSpecialRates } from "../hooks/useBundles";
import { SpecialRateModal } from "./SpecialRateModal";

function Price({ rule, currency }: { rule: SpecialRate; currency: string }) {
  if (rule.flat_price !== null) {
    return (
      <Text size="sm">
        <Money amount={rule.flat_price} currency={currency} exact /> per call
      </Text>
    );
  }
  return (
    <Text size="sm">
      <Money amount={rule.rate_per_minute} currency={currency} exact />
      /min
      {isZeroDecimal(rule.connect_fee) ? null : (
        <>
          {" + "}
          <Money amount={rule.connect_fee} currency={currency} exact /> connect
        </>
      )}
      <Text span size="xs" c="dimmed">
        {" "}
        ({rule.initial_block}/{rule.increment} s)
      </Text>
    </Text>
  );
}

function SpecialRatesTable({ rules, currency, onDelete }: { rules: readonly SpecialRate[]; currency: string; onDelete: (rule: SpecialRate) => void }) {
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped verticalSpacing="xs" data-testid="special-rates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Pattern</Table.Th>
            <Table.Th>Price</Table.Th>
            <Table.Th visibleFrom="sm">Direction</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => (
            <Table.Tr key={rule.id}>
              <Table.Td>
                <Code>{rule.pattern}</Code>
                {rule.label ? (
                  <Text size="xs" c="dimmed">
                    {rule.label}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Price rule={rule} currency={currency} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Badge variant="light" size="sm" color={rule.direction === "inbound" ? "teal" : "blue"}>
                  {rule.direction}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(rule)}>
                  Delete
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A plan's special-number rules (1300* flat per call): checked before offers, custom rates and
 * decks. The API has no edit: a rule is replaced by deleting it and adding another.
 */
export function SpecialRatesPanel({ planId, currency }: { planId: string; currency: string }) {
  const rules = useSpecialRates(planId);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<SpecialRate | null>(null);
  const remove = useDeleteSpecialRate(planId);
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  return (
    <Box>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Text size="sm" c="dimmed" maw={560}>
          Numbers matching a pattern are priced by the rule, before the tariff, with no markups; the longest pattern wins.
        </Text>
        <Button size="sm" onClick={() => setAdding(true)} data-testid="new-special-rate">
          New rule
        </Button>
      </Group>
      {rules.isPending ? (
        <LoadingState />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No special numbers" description="Price 1300*, 1800* or premium numbers flat per call or per minute." />
      ) : (
        <SpecialRatesTable rules={rules.data} currency={currency} onDelete={setDeleting} />
      )}
      <SpecialRateModal planId={planId} currency={currency} opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete rule"
        confirmLabel="Delete rule"
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        Delete the {deleting?.direction} rule for <b>{deleting?.pattern}</b>? Its calls are priced by the tariff again.
      </ConfirmModal>
    </Box>
  );
}
