import { Box, Button, Group, Select } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { DECK_KINDS, type DeckKind } from "@/features/rates/api/decks";
import { CreateDeckModal } from "@/features/rates/components/CreateDeckModal";
import { DecksTable } from "@/features/rates/components/DecksTable";
import { useDeckList } from "@/features/rates/hooks/useDecks";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface RatesSearch {
  page?: number;
  search?: string;
  kind?: DeckKind;
}

export const ratesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/rates",
  validateSearch: (search: Record<string, unknown>): RatesSearch => ({
    page: pageParam(search.page),
    search: textParam(search.search),
    kind: choiceParam(search.kind, DECK_KINDS),
  }),
  component: () => (
    <RequireSection section="rateDecks">
      <RateDecksPage />
    </RequireSection>
  ),
});

function RateDecksPage() {
  useDocumentTitle(`Rate decks · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = ratesRoute.useSearch();
  const navigate = useNavigate({ from: ratesRoute.fullPath });
  const [creating, create] = useDisclosure(false);
  const decks = useDeckList({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search, kind: search.kind });
  const setFilter = (next: Partial<RatesSearch>) => void navigate({ search: (current) => ({ ...current, ...next, page: undefined }), replace: true });
  const filtered = Boolean(search.search || search.kind);

  return (
    <>
      <PageHeader
        title="Rate decks"
        description="Prices per destination prefix; each CSV import makes a new version"
        actions={
          <Button onClick={create.open} data-testid="new-deck">
            New deck
          </Button>
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <SearchInput label="Search" placeholder="Deck name" value={search.search} onCommit={(value) => setFilter({ search: value })} style={{ flex: "1 1 220px" }} data-testid="deck-search" />
        <Select
          label="Kind"
          placeholder="Any kind"
          clearable
          data={[
            { value: "sell", label: "Sell" },
            { value: "buy", label: "Buy" },
          ]}
          value={search.kind ?? null}
          onChange={(kind) => setFilter({ kind: choiceParam(kind, DECK_KINDS) })}
          style={{ flex: "0 1 160px" }}
        />
      </Group>
      {decks.isPending ? (
        <LoadingState />
      ) : decks.isError ? (
        <ErrorState error={decks.error} onRetry={() => void decks.refetch()} />
      ) : decks.data.total === 0 ? (
        <EmptyState
          title={filtered ? "No deck matches these filters" : "No rate decks yet"}
          description={filtered ? "Change or clear the filters." : "Create a deck, then import its rates from a CSV file."}
        />
      ) : (
        <Box opacity={decks.isPlaceholderData ? 0.6 : 1}>
          <DecksTable decks={decks.data.items} timeZone={me.timezone} />
          <PaginationBar
            page={search.page ?? 1}
            total={decks.data.total}
            pageSize={PAGE_SIZE}
            onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })}
          />
        </Box>
      )}
      <CreateDeckModal
        opened={creating}
        onClose={create.close}
        currency={me.currency}
        onCreated={(deck) => void navigate({ to: "/rates/$deckId", params: { deckId: deck.id }, search: { import: true } })}
      />
    </>
  );
}
