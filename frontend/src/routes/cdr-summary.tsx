import { Box, SegmentedControl, Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { AnchorLink } from "@/components/AnchorLink";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { PERIODS, type SummaryPeriod } from "@/features/cdrs/api/cdrs";
import { CdrFilters, type CdrFilterValues } from "@/features/cdrs/components/CdrFilters";
import { effectiveRange, filterParams, rangeProblem, selectionOf, type DayRange } from "@/features/cdrs/components/cdrRange";
import { SummaryCharts } from "@/features/cdrs/components/SummaryCharts";
import { currenciesOf, foldSummary, periodsBetween } from "@/features/cdrs/components/summaryData";
import { SummaryTable } from "@/features/cdrs/components/SummaryTable";
import { useCdrSummary } from "@/features/cdrs/hooks/useCdrs";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";
import { addDays, today } from "@/lib/zoned";

import { appRoute } from "./_app";

export interface CdrSummarySearch extends CdrFilterValues {
  period?: SummaryPeriod;
}

export const cdrSummaryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cdrs/summary",
  validateSearch: (search: Record<string, unknown>): CdrSummarySearch => ({
    ...filterParams(search),
    period: choiceParam(search.period, PERIODS.filter((period) => period !== "day")),
  }),
  component: () => (
    <RequireSection section="cdrSummary">
      <CdrSummaryPage />
    </RequireSection>
  ),
});

/** By month, the default range is the last twelve months (whole months); by day, the last 30 days. */
function rangeFor(search: DayRange, period: SummaryPeriod, timeZone: string): DayRange {
  if (period === "day" || search.from) return search;
  const to = search.to ?? today(timeZone);
  return { from: `${addDays(to, -334).slice(0, 8)}01`, to };
}

function CdrSummaryPage() {
  const me = useSignedInUser();
  const isClient = me.role === "client";
  useDocumentTitle(`Call summary · ${BRAND_NAME}`);
  const search = cdrSummaryRoute.useSearch();
  const navigate = useNavigate({ from: cdrSummaryRoute.fullPath });
  const period = search.period ?? "day";
  const range = rangeFor(search, period, me.timezone);
  const problem = rangeProblem(range, me.timezone);
  const summary = useCdrSummary({ ...selectionOf({ ...search, ...range, client: isClient ? undefined : search.client }, me.timezone), period }, problem === null);
  const shown = effectiveRange(range, me.timezone);
  const costLabel = isClient ? "Spend" : "Revenue";

  const { period: _period, ...filters } = search;
  const setFilters = (next: CdrFilterValues) => void navigate({ search: { ...next, period: search.period }, replace: true });
  const setPeriod = (value: string) => void navigate({ search: (current) => ({ ...current, period: value === "month" ? "month" : undefined }), replace: true });

  const totals = summary.data ? foldSummary(summary.data.rows, periodsBetween(shown.from, shown.to, period)) : [];

  return (
    <Stack gap="md">
      <PageHeader
        title="Call summary"
        description={`Calls, minutes and ${costLabel.toLowerCase()} per ${period}, ${shown.from} to ${shown.to} (${me.timezone})`}
        actions={
          <AnchorLink to="/cdrs" search={filters} size="sm" data-testid="to-cdrs">
            {isClient ? "My calls" : "Call records"}
          </AnchorLink>
        }
      />
      <SegmentedControl
        value={period}
        onChange={setPeriod}
        data={[
          { value: "day", label: "By day" },
          { value: "month", label: "By month" },
        ]}
        style={{ alignSelf: "flex-start" }}
        data-testid="summary-period"
      />
      <CdrFilters values={filters} onChange={setFilters} withClient={!isClient} rangeError={problem} />
      {problem !== null ? null : summary.isPending ? (
        <LoadingState />
      ) : summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.rows.length === 0 ? (
        <EmptyState title="No calls in this period" description="Pick another date range or clear the filters." />
      ) : (
        <Box opacity={summary.isPlaceholderData ? 0.6 : 1}>
          <Stack gap="md">
            <SummaryCharts totals={totals} currencies={currenciesOf(summary.data.rows)} period={period} costLabel={costLabel} />
            <SummaryTable totals={totals} costLabel={costLabel} />
          </Stack>
        </Box>
      )}
    </Stack>
  );
}
