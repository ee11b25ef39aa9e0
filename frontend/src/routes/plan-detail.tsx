import { Anchor, Button, Stack, Tabs, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, Link, useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { useGroups } from "@/features/destinations/hooks/useDestinations";
import { AllowancesPanel } from "@/features/rates/components/AllowancesPanel";
import { PlanFormModal } from "@/features/rates/components/PlanFormModal";
import { SpecialRatesPanel } from "@/features/rates/components/SpecialRatesPanel";
import { usePlan } from "@/features/rates/hooks/usePlans";
import { BRAND_NAME } from "@/lib/brand";
import { isZeroDecimal, plainDecimal } from "@/lib/decimal";
import { choiceParam } from "@/lib/search";

import { appRoute } from "./_app";

const TABS = ["allowances", "special"] as const;

export const planDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/plans/$planId",
  validateSearch: (search: Record<string, unknown>): { tab?: (typeof TABS)[number] } => ({ tab: choiceParam(search.tab, TABS) }),
  component: () => (
    <RequireSection section="plans">
      <PlanDetailPage />
    </RequireSection>
  ),
});

function inboundSummary(rate: string | null | undefined, fee: string | undefined, currency: string): string {
  if (rate === null || rate === undefined) return "Inbound calls are not priced";
  const connect = fee && !isZeroDecimal(fee) ? ` + ${plainDecimal(fee)} connect` : "";
  return `Inbound ${plainDecimal(rate)} ${currency}/min${connect}`;
}

function PlanDetailPage() {
  const { planId } = planDetailRoute.useParams();
  const search = planDetailRoute.useSearch();
  const navigate = useNavigate({ from: planDetailRoute.fullPath });
  const plan = usePlan(planId);
  const [editing, setEditing] = useState(false);
  const groupPage = useGroups({ limit: 200, offset: 0 });
  const groups = useMemo(() => (groupPage.data?.items ?? []).map((group) => ({ value: group.id, label: group.name })), [groupPage.data]);
  useDocumentTitle(`${plan.data?.name ?? "Plan"} · ${BRAND_NAME}`);
  const back = (
    <Anchor component={Link} to="/plans" size="sm">
      ← All plans
    </Anchor>
  );

  if (plan.isPending) return <LoadingState />;
  if (plan.isError) {
    return (
      <Stack>
        {back}
        <ErrorState error={plan.error} onRetry={() => void plan.refetch()} title="Could not open this plan" />
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={plan.data.name}
        description={
          <Text span size="sm">
            {plan.data.currency} · {inboundSummary(plan.data.inbound_rate_per_minute, plan.data.inbound_connect_fee, plan.data.currency)}
          </Text>
        }
        actions={
          <Button variant="default" onClick={() => setEditing(true)} data-testid="edit-plan">
            Edit plan
          </Button>
        }
      />
      <Tabs
        value={search.tab ?? "allowances"}
        onChange={(tab) => void navigate({ search: { tab: tab === "special" ? "special" : undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="allowances" data-testid="allowances-tab">
            Included minutes
          </Tabs.Tab>
          <Tabs.Tab value="special" data-testid="special-rates-tab">
            Special numbers
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="allowances" pt="md">
          <AllowancesPanel planId={planId} groups={groups} />
        </Tabs.Panel>
        <Tabs.Panel value="special" pt="md">
          <SpecialRatesPanel planId={planId} currency={plan.data.currency} />
        </Tabs.Panel>
      </Tabs>
      <PlanFormModal opened={editing} plan={plan.data} currency={plan.data.currency} onClose={() => setEditing(false)} />
    </Stack>
  );
}
