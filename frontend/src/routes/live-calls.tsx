import { Badge, Box, Group, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { LiveCall } from "@/features/calls/api/liveCalls";
import { LiveCallsTable } from "@/features/calls/components/LiveCallsTable";
import { LIVE_REFRESH_MS, useLiveCalls } from "@/features/calls/hooks/useLiveCalls";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const liveCallsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/calls/live",
  validateSearch: (search: Record<string, unknown>): { page?: number; search?: string } => ({
    page: pageParam(search.page),
    search: textParam(search.search, 64),
  }),
  component: () => (
    <RequireSection section="liveCalls">
      <LiveCallsPage />
    </RequireSection>
  ),
});

function matches(call: LiveCall, text: string): boolean {
  const needle = text.toLowerCase();
  return [call.normalized_number, call.dialled_number, call.destination, call.sip_user, call.caller_number].some((value) => value?.toLowerCase().includes(needle));
}

function LiveCallsPage() {
  useDocumentTitle(`Live calls · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = liveCallsRoute.useSearch();
  const navigate = useNavigate({ from: liveCallsRoute.fullPath });
  const calls = useLiveCalls();
  // The API answers every live call at once; the filter and the pages are applied here.
  const shown = calls.data ? (search.search ? calls.data.filter((call) => matches(call, search.search ?? "")) : calls.data) : [];
  const offset = offsetOf(search.page);

  return (
    <>
      <PageHeader
        title="Live calls"
        description={`Calls in progress, refreshed every ${LIVE_REFRESH_MS / 1000} seconds`}
        actions={
          calls.data ? (
            <Badge size="lg" variant="light" color={calls.data.length > 0 ? "green" : "gray"} data-testid="live-count">
              {calls.data.length} in progress
            </Badge>
          ) : null
        }
      />
      <Group mb="md" align="flex-end">
        <SearchInput label="Filter" placeholder="Number, destination or SIP user" value={search.search} onCommit={(value) => void navigate({ search: { search: value }, replace: true })} style={{ flex: "1 1 220px" }} />
      </Group>
      {calls.isPending ? (
        <LoadingState />
      ) : calls.isError ? (
        <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title={search.search ? "No live call matches" : "No calls in progress"} description="This page refreshes by itself." />
      ) : (
        <Box>
          <LiveCallsTable calls={shown.slice(offset, offset + PAGE_SIZE)} timeZone={me.timezone} />
          <PaginationBar page={search.page ?? 1} total={shown.length} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      {calls.dataUpdatedAt ? (
        <Text size="xs" c="dimmed" mt="sm">
          Updated {new Date(calls.dataUpdatedAt).toLocaleTimeString()}
        </Text>
      ) : null}
    </>
  );
}
