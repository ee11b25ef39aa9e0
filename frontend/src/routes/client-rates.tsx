import { Paper, Stack, Tabs } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { ClientSelect } from "@/components/ClientSelect";
import { CustomRatesPanel } from "@/features/rates/components/CustomRatesPanel";
import { OffersPanel } from "@/features/rates/components/OffersPanel";
import { useClient } from "@/features/rates/hooks/useClientRates";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

const TABS = ["custom", "offers"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClientRatesSearch {
  client?: string;
  tab?: (typeof TABS)[number];
  page?: number;
}

export const clientRatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/client-rates",
  validateSearch: (search: Record<string, unknown>): ClientRatesSearch => ({
    client: typeof search.client === "string" && UUID.test(search.client) ? search.client : undefined,
    tab: choiceParam(search.tab, TABS),
    page: pageParam(search.page),
  }),
  component: () => (
    <RequireSection section="clientRates">
      <ClientRatesPage />
    </RequireSection>
  ),
});

function ClientPanels({ clientId }: { clientId: string }) {
  const me = useSignedInUser();
  const search = clientRatesRoute.useSearch();
  const navigate = useNavigate({ from: clientRatesRoute.fullPath });
  const client = useClient(clientId);
  const setPage = (page: number) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) });
  if (client.isPending) return <LoadingState />;
  if (client.isError) return <ErrorState error={client.error} onRetry={() => void client.refetch()} title="Could not open this client" />;
  return (
    <Tabs value={search.tab ?? "custom"} onChange={(tab) => void navigate({ search: (current) => ({ ...current, tab: tab === "offers" ? "offers" : undefined, page: undefined }), replace: true })} keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="custom">Custom rates</Tabs.Tab>
        <Tabs.Tab value="offers">Offers</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="custom" pt="md">
        <CustomRatesPanel clientId={clientId} currency={client.data.currency} page={search.page} onPageChange={setPage} />
      </Tabs.Panel>
      <Tabs.Panel value="offers" pt="md">
        <OffersPanel clientId={clientId} timeZone={me.timezone} page={search.page} onPageChange={setPage} />
      </Tabs.Panel>
    </Tabs>
  );
}

function ClientRatesPage() {
  useDocumentTitle(`Client rates · ${BRAND_NAME}`);
  const search = clientRatesRoute.useSearch();
  const navigate = useNavigate({ from: clientRatesRoute.fullPath });
  return (
    <Stack gap="md">
      <PageHeader title="Client rates" description="Prices of one client's own: custom rates that win over its plan, and offers of free calls" />
      <Paper withBorder radius="md" p="md">
        <ClientSelect value={search.client} onChange={(client) => void navigate({ search: { client }, replace: true })} maw={480} data-testid="client-rates-client" />
      </Paper>
      {search.client ? <ClientPanels clientId={search.client} /> : <EmptyState title="Choose a client" description="Its custom rates and offers show here." />}
    </Stack>
  );
}
