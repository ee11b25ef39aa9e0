import { Anchor, Box, Stack, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, Link, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { RunDetail } from "@/features/invoicing/components/RunDetail";
import { RunsTable } from "@/features/invoicing/components/RunsTable";
import { StartRunForm } from "@/features/invoicing/components/StartRunForm";
import { useBillingRun, useBillingRuns } from "@/features/invoicing/hooks/useInvoicing";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const billingRunsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/billing-runs",
  validateSearch: (search: Record<string, unknown>): { page?: number } => ({ page: pageParam(search.page) }),
  component: () => (
    <RequireSection section="billingRuns">
      <BillingRunsPage />
    </RequireSection>
  ),
});

export const billingRunRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/billing-runs/$runId",
  component: () => (
    <RequireSection section="billingRuns">
      <BillingRunPage />
    </RequireSection>
  ),
});

function BillingRunsPage() {
  useDocumentTitle(`Billing runs · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = billingRunsRoute.useSearch();
  const navigate = useNavigate();
  const runs = useBillingRuns({ limit: PAGE_SIZE, offset: offsetOf(search.page) });
  return (
    <Stack gap="md">
      <PageHeader title="Billing runs" description="Turn usage and subscriptions into invoices, for every client within your reach" />
      <StartRunForm timeZone={me.timezone} onStarted={(run) => void navigate({ to: "/billing-runs/$runId", params: { runId: run.id } })} />
      <Title order={4}>Earlier runs</Title>
      {runs.isPending ? (
        <LoadingState />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.total === 0 ? (
        <EmptyState title="No billing runs yet" description="Start one above, or set a schedule on the invoicing profile." />
      ) : (
        <Box opacity={runs.isPlaceholderData ? 0.6 : 1}>
          <RunsTable runs={runs.data.items} timeZone={me.timezone} />
          <PaginationBar page={search.page ?? 1} total={runs.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ to: "/billing-runs", search: { page: page > 1 ? page : undefined } })} />
        </Box>
      )}
    </Stack>
  );
}

function BillingRunPage() {
  useDocumentTitle(`Billing run · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const { runId } = billingRunRoute.useParams();
  const run = useBillingRun(runId);
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/billing-runs" size="sm">
        ← All billing runs
      </Anchor>
      <PageHeader title={run.data?.dry_run ? "Dry run" : "Billing run"} />
      {run.isPending ? <LoadingState /> : run.isError ? <ErrorState error={run.error} onRetry={() => void run.refetch()} title="Could not open this run" /> : <RunDetail run={run.data} timeZone={me.timezone} />}
    </Stack>
  );
}
