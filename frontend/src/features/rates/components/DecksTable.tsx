import { Anchor, Badge, Table, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { formatDate } from "@/lib/dates";

import type { Deck } from "../api/decks";

export function DecksTable({ decks, timeZone }: { decks: readonly Deck[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="decks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th visibleFrom="sm">Currency</Table.Th>
            <Table.Th visibleFrom="md">Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {decks.map((deck) => (
            <Table.Tr key={deck.id}>
              <Table.Td>
                <Anchor renderRoot={(props) => <Link {...props} to="/rates/$deckId" params={{ deckId: deck.id }} />} fw={600} size="sm">
                  {deck.name}
                </Anchor>
                {deck.description ? (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {deck.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={deck.kind === "buy" ? "orange" : "blue"}>
                  {deck.kind}
                </Badge>
              </Table.Td>
              <Table.Td>{deck.current_version === 0 ? <Text size="sm" c="dimmed">no rates yet</Text> : `v${deck.current_version}`}</Table.Td>
              <Table.Td visibleFrom="sm">{deck.currency}</Table.Td>
              <Table.Td visibleFrom="md">{formatDate(deck.updated_at, { timeZone })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
