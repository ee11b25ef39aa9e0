import { Badge, Button, Group, Table, Text } from "@mantine/core";

import { AnchorLink } from "@/components/AnchorLink";
import { isZeroDecimal, plainDecimal } from "@/lib/decimal";

import type { Deck } from "../api/decks";
import type { Plan } from "../api/plans";

function Markups({ plan }: { plan: Plan }) {
  const parts = [
    isZeroDecimal(plan.markup_percent) ? null : `+${plainDecimal(plan.markup_percent)}%`,
    isZeroDecimal(plan.markup_per_minute) ? null : `+${plainDecimal(plan.markup_per_minute)} ${plan.currency}/min`,
    isZeroDecimal(plan.international_markup_percent) ? null : `intl +${plainDecimal(plan.international_markup_percent)}%`,
  ].filter((part): part is string => part !== null);
  return <Text size="sm">{parts.length > 0 ? parts.join(", ") : "none"}</Text>;
}

export function PlansTable({
  plans,
  decks,
  onOpen,
  onEdit,
  onDelete,
}: {
  plans: readonly Plan[];
  decks: ReadonlyMap<string, Deck>;
  /** Its allowances and special numbers. */
  onOpen: (plan: Plan) => void;
  onEdit: (plan: Plan) => void;
  onDelete: (plan: Plan) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped verticalSpacing="sm" data-testid="plans-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Decks, in order</Table.Th>
            <Table.Th visibleFrom="sm">Markups</Table.Th>
            <Table.Th visibleFrom="md">Numbering</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plans.map((plan) => (
            <Table.Tr key={plan.id}>
              <Table.Td>
                <AnchorLink to="/plans/$planId" params={{ planId: plan.id }} size="sm" fw={600} data-testid="plan-link">
                  {plan.name}
                </AnchorLink>
                <Text size="xs" c="dimmed">
                  {plan.currency}
                  {plan.description ? ` · ${plan.description}` : ""}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {plan.deck_ids.map((id, at) => (
                    <Badge key={id} variant="outline" size="sm" tt="none">
                      {at + 1}. {decks.get(id)?.name ?? "deck"}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Markups plan={plan} />
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Text size="sm">
                  +{plan.country_code}, exit {plan.exit_code || "—"}, trunk {plan.trunk_prefix || "—"}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => onOpen(plan)} visibleFrom="sm" data-testid="open-plan">
                    Bundle
                  </Button>
                  <Button size="xs" variant="light" onClick={() => onEdit(plan)}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(plan)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
