import { Stack, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { AnchorLink } from "@/components/AnchorLink";
import { PageHeader } from "@/components/PageHeader";
import { AllowancesCard } from "@/features/billing/components/AllowancesCard";
import { LiveCallsCount } from "@/features/calls/components/LiveCallsCount";
import { RecentCalls } from "@/features/cdrs/components/RecentCalls";
import { TodayActivity } from "@/features/cdrs/components/TodayActivity";
import { ProfileSummary } from "@/features/profile/components/ProfileSummary";
import { HealthPanel } from "@/features/system/components/HealthPanel";
import { UserCountsChart } from "@/features/users/components/UserCountsChart";
import type { CountSeries } from "@/features/users/hooks/useUsers";
import { BRAND_NAME } from "@/lib/brand";
import { isStaff } from "@/lib/roles";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  component: DashboardPage,
});

const BY_ROLE: readonly CountSeries[] = [
  { label: "Superadmins", query: { role: "superadmin" } },
  { label: "Admins", query: { role: "admin" } },
  { label: "Resellers", query: { role: "reseller" } },
  { label: "Clients", query: { role: "client" } },
];

const CLIENTS_BY_STATUS: readonly CountSeries[] = [
  { label: "Clients", query: { role: "client" } },
  { label: "Active", query: { role: "client", status: "active" } },
  { label: "Suspended", query: { role: "client", status: "suspended" } },
  { label: "Blocked", query: { role: "client", status: "blocked" } },
];

/** CellHub's dashboard: calls now and today, the last two weeks, top destinations and the
 * latest calls for everyone; system health and accounts for staff; clients for a reseller. */
function DashboardPage() {
  const user = useSignedInUser();
  const isClient = user.role === "client";
  useDocumentTitle(`Dashboard · ${BRAND_NAME}`);
  return (
    <Stack gap="lg">
      <PageHeader title="Dashboard" description={`Welcome, ${user.name}.`} />
      <TodayActivity timeZone={user.timezone} currency={user.currency} costLabel={isClient ? "Spend" : "Revenue"} leading={<LiveCallsCount />} />
      {isClient ? <AllowancesCard userId={user.id} timeZone={user.timezone} /> : null}
      <RecentCalls
        timeZone={user.timezone}
        link={
          <AnchorLink to="/cdrs" size="sm">
            {isClient ? "All my calls" : "All call records"}
          </AnchorLink>
        }
      />
      {isStaff(user.role) ? (
        <>
          <HealthPanel />
          <Stack gap="sm">
            <Title order={4}>Accounts</Title>
            <UserCountsChart title="Accounts by role" series={BY_ROLE} testId="accounts-by-role" />
          </Stack>
        </>
      ) : null}
      {isClient ? <ProfileSummary /> : null}
      {user.role === "reseller" ? (
        <Stack gap="sm">
          <Title order={4}>Your clients</Title>
          <UserCountsChart title="Clients by status" series={CLIENTS_BY_STATUS} testId="clients-by-status" />
        </Stack>
      ) : null}
    </Stack>
  );
}
