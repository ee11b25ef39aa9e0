import { Box, Group, SegmentedControl } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { AnchorLink } from "@/components/AnchorLink";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { CDR_SORTS, type CdrSort } from "@/features/cdrs/api/cdrs";
import { CdrFilters, type CdrFilterValues } from "@/features/cdrs/components/CdrFilters";
import { effectiveRange, filterParams, rangeProblem, selectionOf } from "@/features/cdrs/components/cdrRange";
import { CdrTable } from "@/features/cdrs/components/CdrTable";
import { ExportCsvButton } from "@/features/cdrs/components/ExportCsvButton";
import { useCdrList } from "@/features/cdrs/hooks/useCdrs";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface CdrsSearch extends CdrFilterValues {
  page?: number;
  sort?: CdrSort;
  /** "failed": only the calls that were not answered. */
  view?: "failed";
}

export const cdrsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cdrs",
  validateSearch: (search: Record<string, unknown>): CdrsSearch => ({
    ...filterParams(search),
    page: pageParam(search.page),
    sort: choiceParam(search.sort, CDR_SORTS.filter((sort) => sort !== "-started_at")),
    view: choiceParam(search.view, ["failed"] as const),
  }),
  component: () => (
    <RequireSection section="cdrs">
      <CdrsPage />
    </RequireSection>
  ),
});

function CdrsPage() {
  const me = useSignedInUser();
  const isClient = me.role === "client";
  const title = isClient ? "My calls" : "Call records";
  useDocumentTitle(`${title} · ${BRAND_NAME}`);
  const search = cdrsRoute.useSearch();
  const navigate = useNavigate({ from: cdrsRoute.fullPath });
  const problem = rangeProblem(search, me.timezone);
  // A client has no client filter (a hand-typed one is ignored): the API answers its own calls.
  const selection = selectionOf({ ...search, client: isClient ? undefined : search.client }, me.timezone);
  const sort = search.sort ?? "-started_at";
  const failed = search.view === "failed";
  const cdrs = useCdrList({ ...selection, sort, limit: PAGE_SIZE, offset: offsetOf(search.page) }, problem === null, failed);
  const shown = effectiveRange(search, me.timezone);

  const { page: _page, sort: _sort, view: _view, ...filters } = search;
  const setFilters = (next: CdrFilterValues) => void navigate({ search: { ...next, sort: search.sort, view: search.view }, replace: true });
  const setView = (value: string) => void navigate({ search: (current) => ({ ...current, view: value === "failed" ? "failed" : undefined, page: undefined }), replace: true });
  const setPage = (page: number) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) });
  const setSort = (next: CdrSort) => void navigate({ search: (current) => ({ ...current, sort: next === "-started_at" ? undefined : next, page: undefined }), replace: true });
  const filtered = Boolean(search.number || search.disposition || search.direction || search.client);

  return (
    <>
      <PageHeader
        title={title}
        description={`${isClient ? "Your calls" : "Calls within your reach"}, ${shown.from} to ${shown.to} (${me.timezone})`}
        actions={
          <Group gap="xs">
            <AnchorLink to="/cdrs/summary" search={filters} size="sm" data-testid="to-summary">
              Summary
            </AnchorLink>
            <ExportCsvButton query={{ ...selection, sort, failed: failed || undefined }} filename={`${failed ? "failed-calls" : "calls"}-${shown.from}-${shown.to}.csv`} disabled={problem !== null} />
          </Group>
        }
      />
      <SegmentedControl
        value={failed ? "failed" : "all"}
        onChange={setView}
        data={[
          { value: "all", label: "All calls" },
          { value: "failed", label: "Failed calls" },
        ]}
        mb="sm"
        data-testid="cdr-view"
      />
      <CdrFilters values={filters} onChange={setFilters} withClient={!isClient} rangeError={problem} />
      {problem !== null ? null : cdrs.isPending ? (
        <LoadingState />
      ) : cdrs.isError ? (
        <ErrorState error={cdrs.error} onRetry={() => void cdrs.refetch()} />
      ) : cdrs.data.total === 0 ? (
        <EmptyState
          title={filtered ? "No call matches these filters" : failed ? "No failed calls in this period" : "No calls in this period"}
          description={filtered ? "Change or clear the filters." : "Pick an earlier date range."}
        />
      ) : (
        <Box opacity={cdrs.isPlaceholderData ? 0.6 : 1}>
          <CdrTable cdrs={cdrs.data.items} timeZone={me.timezone} sort={sort} onSort={setSort} />
          <PaginationBar page={search.page ?? 1} total={cdrs.data.total ?? 0} pageSize={PAGE_SIZE} onChange={setPage} />
        </Box>
      )}
    </>
  );
}
