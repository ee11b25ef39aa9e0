import { Box, Select, Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { AnchorLink } from "@/components/AnchorLink";
import { PageHeader } from "@/components/PageHeader";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { SUMMARY_BY, type SummaryBy, type SummaryPeriod } from "@/features/cdrs/api/cdrs";
import { CdrFilters, type CdrFilterValues } from "@/features/cdrs/components/CdrFilters";
import { effectiveRange, filterParams, rangeProblem, selectionOf, type DayRange } from "@/features/cdrs/components/cdrRange";
import { BY_LABELS, DimensionTable } from "@/features/cdrs/components/DimensionTable";
import { SummaryCharts } from "@/features/cdrs/components/SummaryCharts";
import { currenciesOf, foldSummary, periodsBetween } from "@/features/cdrs/components/summaryData";
import { SummaryTable } from "@/features/cdrs/components/SummaryTable";
import { useCdrSummary } from "@/features/cdrs/hooks/useCdrs";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam } from "@/lib/search";
import type { Role } from "@/lib/roles";
import { useSignedInUser } from "@/lib/session";
import { addDays, today } from "@/lib/zoned";

import { appRoute } from "./_app";

export interface CdrSummarySearch extends CdrFilterValues {
  by?: Exclude<SummaryBy, "day">;
}

/** What each role may total by: trunks are the operator's, and a client is its own only client. */
export function summaryDimensions(role: Role): SummaryBy[] {
  if (role === "client") return SUMMARY_BY.filter((by) => by !== "client" && by !== "trunk");
  if (role === "reseller") return SUMMARY_BY.filter((by) => by !== "trunk");
  return [...SUMMARY_BY];
}

const NOT_DAY = SUMMARY_BY.filter((by): by is Exclude<SummaryBy, "day"> => by !== "day");

export const cdrSummaryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/cdrs/summary",
  validateSearch: (search: Record<string, unknown>): CdrSummarySearch => ({
    ...filterParams(search),
    // `period=month` is what older links say.
    by: choiceParam(search.by, NOT_DAY) ?? (search.period === "month" ? "month" : undefined),
  }),
  component: () => (
    <RequireSection section="cdrSummary">
      <CdrSummaryPage />
    </RequireSection>
  ),
});

/** By month, the default range is the last twelve months (whole months); by day, the last 30 days. */
function rangeFor(search: DayRange, by: SummaryBy, timeZone: string): DayRange {
  if (by !== "month" || search.from) return search;
  const to = search.to ?? today(timeZone);
  return { from: `${addDays(to, -334).slice(0, 8)}01`, to };
}

function CdrSummaryPage() {
  const me = useSignedInUser();
  const isClient = me.role === "client";
  const isStaff = me.role === "superadmin" || me.role === "admin";
  useDocumentTitle(`Call summary · ${BRAND_NAME}`);
  const search = cdrSummaryRoute.useSearch();
  const navigate = useNavigate({ from: cdrSummaryRoute.fullPath });
  const dimensions = summaryDimensions(me.role);
  const by: SummaryBy = search.by && dimensions.includes(search.by) ? search.by : "day";
  const period: SummaryPeriod | null = by === "day" || by === "month" ? by : null;
  const range = rangeFor(search, by, me.timezone);
  const problem = rangeProblem(range, me.timezone);
  const summary = useCdrSummary({ ...selectionOf({ ...search, ...range, client: isClient ? undefined : search.client }, me.timezone), by }, problem === null);
  const shown = effectiveRange(range, me.timezone);
  const costLabel = isClient ? "Spend" : "Revenue";

  const { by: _by, ...filters } = search;
  const setFilters = (next: CdrFilterValues) => void navigate({ search: { ...next, by: search.by }, replace: true });
  const setBy = (value: string | null) => void navigate({ search: (current) => ({ ...current, by: choiceParam(value, NOT_DAY) }), replace: true });

  const totals = summary.data && period ? foldSummary(summary.data.rows, periodsBetween(shown.from, shown.to, period)) : [];

  return (
    <Stack gap="md">
      <PageHeader
        title="Call summary"
        description={`Calls, minutes and ${costLabel.toLowerCase()} per ${BY_LABELS[by].toLowerCase()}, ${shown.from} to ${shown.to} (${me.timezone})`}
        actions={
          <AnchorLink to="/cdrs" search={filters} size="sm" data-testid="to-cdrs">
            {isClient ? "My calls" : "Call records"}
          </AnchorLink>
        }
      />
      <Select
        label="Totals by"
        allowDeselect={false}
        data={dimensions.map((value) => ({ value, label: BY_LABELS[value] }))}
        value={by}
        onChange={setBy}
        style={{ alignSelf: "flex-start", minWidth: 200 }}
        data-testid="summary-by"
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
          {period ? (
            <Stack gap="md">
              <SummaryCharts totals={totals} currencies={currenciesOf(summary.data.rows)} period={period} costLabel={costLabel} />
              <SummaryTable totals={totals} costLabel={costLabel} />
            </Stack>
          ) : (
            <DimensionTable rows={summary.data.rows} by={by} costLabel={costLabel} withMargin={isStaff} />
          )}
        </Box>
      )}
    </Stack>
  );
}
