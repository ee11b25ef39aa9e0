import { Box, Button } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { ApiKeyCreated } from "@/features/api-keys/api/apiKeys";
import { ApiKeysTable } from "@/features/api-keys/components/ApiKeysTable";
import { CreateApiKeyModal } from "@/features/api-keys/components/CreateApiKeyModal";
import { TokenOnceModal } from "@/features/api-keys/components/TokenOnceModal";
import { useApiKeyList } from "@/features/api-keys/hooks/useApiKeys";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const apiKeysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/api-keys",
  validateSearch: (search: Record<string, unknown>): { page?: number } => ({ page: pageParam(search.page) }),
  component: () => (
    <RequireSection section="apiKeys">
      <ApiKeysPage />
    </RequireSection>
  ),
});

function ApiKeysPage() {
  useDocumentTitle(`API keys · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = apiKeysRoute.useSearch();
  const navigate = useNavigate({ from: apiKeysRoute.fullPath });
  const [creating, create] = useDisclosure(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  // Only one's own keys here; staff and resellers reach others' keys through the API.
  const keys = useApiKeyList({ limit: PAGE_SIZE, offset: offsetOf(search.page), owner_id: me.id });

  return (
    <>
      <PageHeader
        title="API keys"
        description="Long-lived keys for integrations; each acts as you, within the scopes you give it"
        actions={
          <Button onClick={create.open} data-testid="new-api-key">
            New API key
          </Button>
        }
      />
      {keys.isPending ? (
        <LoadingState />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.total === 0 ? (
        <EmptyState title="No API keys yet" description="Create one for each integration, with only the scopes it needs." />
      ) : (
        <Box opacity={keys.isPlaceholderData ? 0.6 : 1}>
          <ApiKeysTable keys={keys.data.items} timeZone={me.timezone} />
          <PaginationBar
            page={search.page ?? 1}
            total={keys.data.total}
            pageSize={PAGE_SIZE}
            onChange={(page) => void navigate({ search: { page: page > 1 ? page : undefined } })}
          />
        </Box>
      )}
      <CreateApiKeyModal opened={creating} onClose={create.close} role={me.role} onCreated={setCreated} />
      <TokenOnceModal created={created} onClose={() => setCreated(null)} />
    </>
  );
}
