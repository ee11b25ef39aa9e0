import { Anchor, Badge, Box, Button, Grid, Group, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, Link, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { Deck } from "@/features/rates/api/decks";
import { DeckVersions } from "@/features/rates/components/DeckVersions";
import { ImportRatesModal } from "@/features/rates/components/ImportRatesModal";
import { RatesTable } from "@/features/rates/components/RatesTable";
import { useDeck, useRates } from "@/features/rates/hooks/useDecks";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface RateDeckSearch {
  page?: number;
  search?: string;
  version?: number;
  import?: boolean;
}

export const rateDeckRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/rates/$deckId",
  validateSearch: (search: Record<string, unknown>): RateDeckSearch => ({
    page: pageParam(search.page),
    search: textParam(search.search, 64),
    // Version 1 is a real version: pageParam's "> 1" rule does not apply.
    version: typeof search.version === "number" && Number.isInteger(search.version) && search.version >= 1 ? search.version : undefined,
    import: search.import === true ? true : undefined,
  }),
  component: () => (
    <RequireSection section="rateDecks">
      <RateDeckPage />
    </RequireSection>
  ),
});

function DeckRates({ deck }: { deck: Deck }) {
  const me = useSignedInUser();
  const search = rateDeckRoute.useSearch();
  const navigate = useNavigate({ from: rateDeckRoute.fullPath });
  const rates = useRates(deck.id, { limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search, version: search.version });
  const setSearch = (value: string | undefined) => void navigate({ search: (current) => ({ ...current, search: value, page: undefined }), replace: true });

  return (
    <Stack gap="sm">
      <SearchInput label="Search" placeholder="Prefix (e.g. 4420) or destination" value={search.search} onCommit={setSearch} data-testid="rate-search" />
      {deck.current_version === 0 ? (
        <EmptyState title="No rates yet" description="Import a CSV file to make this deck's first version." />
      ) : rates.isPending ? (
        <LoadingState />
      ) : rates.isError ? (
        <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />
      ) : rates.data.total === 0 ? (
        <EmptyState title={search.search ? "No rate matches" : "This version has no rates"} description={search.search ? "Try a shorter prefix or another name." : undefined} />
      ) : (
        <Box opacity={rates.isPlaceholderData ? 0.6 : 1}>
          <RatesTable rates={rates.data.items} currency={deck.currency} timeZone={me.timezone} />
          <PaginationBar
            page={search.page ?? 1}
            total={rates.data.total}
            pageSize={PAGE_SIZE}
            onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })}
          />
        </Box>
      )}
    </Stack>
  );
}

function RateDeckPage() {
  const me = useSignedInUser();
  const { deckId } = rateDeckRoute.useParams();
  const search = rateDeckRoute.useSearch();
  const navigate = useNavigate({ from: rateDeckRoute.fullPath });
  const deck = useDeck(deckId);
  useDocumentTitle(`${deck.data?.name ?? "Rate deck"} · ${BRAND_NAME}`);
  const setImporting = (open: boolean) => void navigate({ search: (current) => ({ ...current, import: open ? true : undefined }), replace: true });
  const back = (
    <Anchor component={Link} to="/rates" size="sm">
      ← All rate decks
    </Anchor>
  );

  if (deck.isPending) return <LoadingState />;
  if (deck.isError) {
    return (
      <Stack>
        {back}
        <ErrorState error={deck.error} onRetry={() => void deck.refetch()} title="Could not open this deck" />
      </Stack>
    );
  }
  const shown = search.version ?? deck.data.current_version;
  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={deck.data.name}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light" color={deck.data.kind === "buy" ? "orange" : "blue"}>
              {deck.data.kind}
            </Badge>
            <Text span size="sm">
              {deck.data.currency} · {deck.data.current_version === 0 ? "no rates yet" : `showing v${shown} of ${deck.data.current_version}`}
            </Text>
          </Group>
        }
        actions={
          <Button onClick={() => setImporting(true)} data-testid="import-rates">
            Import CSV
          </Button>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
          <DeckRates deck={deck.data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <DeckVersions
            deckId={deckId}
            current={deck.data.current_version}
            shown={shown}
            timeZone={me.timezone}
            onShow={(version) =>
              void navigate({ search: (current) => ({ ...current, version: version === deck.data.current_version ? undefined : version, page: undefined }) })
            }
          />
        </Grid.Col>
      </Grid>
      <ImportRatesModal deckId={deckId} opened={search.import === true} onClose={() => setImporting(false)} />
    </Stack>
  );
}
