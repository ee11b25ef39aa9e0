import { createRouter } from "@tanstack/react-router";
import type { QueryClient } from "@tanstack/react-query";

import { LoadingState } from "@/components/States";
import { appRoute } from "@/routes/_app";
import { apiKeysRoute } from "@/routes/api-keys";
import { rootRoute } from "@/routes/__root";
import { auditRoute } from "@/routes/audit";
import { dashboardRoute } from "@/routes/dashboard";
import { forgotPasswordRoute } from "@/routes/forgot-password";
import { loginRoute } from "@/routes/login";
import { profileRoute } from "@/routes/profile";
import { resetPasswordRoute } from "@/routes/reset-password";
import { userDetailRoute } from "@/routes/user-detail";
import { usersRoute } from "@/routes/users";

export const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([dashboardRoute, usersRoute, userDetailRoute, profileRoute, apiKeysRoute, auditRoute]),
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
