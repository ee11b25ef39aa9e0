import { Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { LEDGER_KINDS, type LedgerKind } from "@/features/billing/api/billing";
import { AllowancesCard } from "@/features/billing/components/AllowancesCard";
import { BalanceCard } from "@/features/billing/components/BalanceCard";
import { Ledger } from "@/features/billing/components/Ledger";
import { LimitsCard } from "@/features/billing/components/LimitsCard";
import { PaymentsPanel } from "@/features/payments/components/PaymentsPanel";
import { RedeemVoucherCard } from "@/features/payments/components/RedeemVoucherCard";
import { SubscriptionsPanel } from "@/features/invoicing/components/SubscriptionsPanel";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const balanceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/balance",
  validateSearch: (search: Record<string, unknown>): { page?: number; kind?: LedgerKind } => ({
    page: pageParam(search.page),
    kind: choiceParam(search.kind, LEDGER_KINDS),
  }),
  component: () => (
    <RequireSection section="balance">
      <BalancePage />
    </RequireSection>
  ),
});

/** A client's own money: balance, available credit, limits and the ledger. */
function BalancePage() {
  useDocumentTitle(`My balance · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = balanceRoute.useSearch();
  const navigate = useNavigate({ from: balanceRoute.fullPath });
  return (
    <Stack gap="md">
      <PageHeader title="My balance" description="What you have, what you may still spend, and every change to it" />
      <BalanceCard userId={me.id} />
      <AllowancesCard userId={me.id} timeZone={me.timezone} />
      <RedeemVoucherCard userId={me.id} />
      <LimitsCard userId={me.id} timeZone={me.timezone} />
      <SubscriptionsPanel clientId={me.id} currency={me.currency} canManage={false} timeZone={me.timezone} />
      <PaymentsPanel userId={me.id} currency={me.currency} canManage={false} timeZone={me.timezone} />
      <Ledger userId={me.id} kind={search.kind} page={search.page} timeZone={me.timezone} onChange={(next) => void navigate({ search: next, replace: true })} />
    </Stack>
  );
}
