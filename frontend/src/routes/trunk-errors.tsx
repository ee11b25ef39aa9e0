import { Box } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { AnchorLink } from "@/components/AnchorLink";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { CdrFilters, type CdrFilterValues } from "@/features/cdrs/components/CdrFilters";
import { effectiveRange, filterParams, rangeProblem, selectionOf } from "@/features/cdrs/components/cdrRange";
import { TrunkErrorsTable } from "@/features/cdrs/components/TrunkErrorsTable";
import { useTrunkErrors } from "@/features/cdrs/hooks/useCdrs";
import { BRAND_NAME } from "@/lib/brand";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const trunkErrorsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cdrs/trunk-errors",
  validateSearch: (search: Record<string, unknown>): CdrFilterValues => filterParams(search),
  component: () => (
    <RequireSection section="trunkErrors">
      <TrunkErrorsPage />
    </RequireSection>
  ),
});

/** How each carrier answered: attempts, ASR, ACD and the failures by kind, over the filtered calls. */
function TrunkErrorsPage() {
  useDocumentTitle(`Trunk errors · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = trunkErrorsRoute.useSearch();
  const navigate = useNavigate({ from: trunkErrorsRoute.fullPath });
  const problem = rangeProblem(search, me.timezone);
  const stats = useTrunkErrors(selectionOf(search, me.timezone), problem === null);
  const shown = effectiveRange(search, me.timezone);
  return (
    <>
      <PageHeader
        title="Trunk errors"
        description={`Answer rate and failures per trunk, ${shown.from} to ${shown.to} (${me.timezone})`}
        actions={
          <AnchorLink to="/cdrs" search={{ ...search, view: "failed" }} size="sm" data-testid="to-failed">
            Failed calls
          </AnchorLink>
        }
      />
      <CdrFilters values={search} onChange={(next) => void navigate({ search: next, replace: true })} withClient rangeError={problem} />
      {problem !== null ? null : stats.isPending ? (
        <LoadingState />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : stats.data.rows.length === 0 ? (
        <EmptyState title="No calls in this period" description="Pick another date range or clear the filters." />
      ) : (
        <Box opacity={stats.isPlaceholderData ? 0.6 : 1}>
          <TrunkErrorsTable rows={stats.data.rows} />
        </Box>
      )}
    </>
  );
}
