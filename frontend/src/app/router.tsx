import { createRouter } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";

import { LoadingState } from "@/components/States";
import { appRoute } from "@/routes/_app";
import { rootRoute } from "@/routes/__root";
import { apiKeysRoute } from "@/routes/api-keys";
import { auditRoute } from "@/routes/audit";
import { balanceRoute } from "@/routes/balance";
import { billingRunRoute, billingRunsRoute } from "@/routes/billing-runs";
import { cdrSummaryRoute } from "@/routes/cdr-summary";
import { cdrsRoute } from "@/routes/cdrs";
import { clientRatesRoute } from "@/routes/client-rates";
import { dashboardRoute } from "@/routes/dashboard";
import { destinationGroupsRoute } from "@/routes/destination-groups";
import { destinationsRoute } from "@/routes/destinations";
import { invoiceDetailRoute } from "@/routes/invoice-detail";
import { invoicesRoute } from "@/routes/invoices";
import { invoicingProfileRoute } from "@/routes/invoicing-profile";
import { forgotPasswordRoute } from "@/routes/forgot-password";
import { liveCallsRoute } from "@/routes/live-calls";
import { loginRoute } from "@/routes/login";
import { mailTemplatesRoute } from "@/routes/mail-templates";
import { paymentsRoute } from "@/routes/payments";
import { planDetailRoute } from "@/routes/plan-detail";
import { plansRoute } from "@/routes/plans";
import { preferencesRoute } from "@/routes/preferences";
import { profileRoute } from "@/routes/profile";
import { quoteRoute } from "@/routes/quote";
import { rateDeckRoute } from "@/routes/rate-deck";
import { ratesRoute } from "@/routes/rates";
import { resetPasswordRoute } from "@/routes/reset-password";
import { servicesRoute } from "@/routes/services";
import { sipUsersRoute } from "@/routes/sip-users";
import { trunkGroupsRoute } from "@/routes/trunk-groups";
import { trunkErrorsRoute } from "@/routes/trunk-errors";
import { trunksRoute } from "@/routes/trunks";
import { vouchersRoute } from "@/routes/vouchers";
import { userDetailRoute } from "@/routes/user-detail";
import { usersRoute } from "@/routes/users";

export const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    dashboardRoute,
    usersRoute,
    userDetailRoute,
    profileRoute,
    preferencesRoute,
    apiKeysRoute,
    auditRoute,
    ratesRoute,
    rateDeckRoute,
    plansRoute,
    planDetailRoute,
    clientRatesRoute,
    quoteRoute,
    destinationsRoute,
    destinationGroupsRoute,
    balanceRoute,
    invoicesRoute,
    invoiceDetailRoute,
    billingRunsRoute,
    billingRunRoute,
    servicesRoute,
    invoicingProfileRoute,
    mailTemplatesRoute,
    paymentsRoute,
    vouchersRoute,
    liveCallsRoute,
    cdrsRoute,
    cdrSummaryRoute,
    trunkErrorsRoute,
    sipUsersRoute,
    trunksRoute,
    trunkGroupsRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: false,
    defaultPendingComponent: () => <LoadingState />,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
