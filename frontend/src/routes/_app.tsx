import { createRoute, redirect } from "@tanstack/react-router";

import { AppLayout } from "@/app/AppLayout";
import { authStore } from "@/lib/session";

import { rootRoute } from "./__root";

/** The signed-in part of the app: every page below renders inside the shell. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: ({ location }) => {
    if (authStore.getUser() === null) {
      throw redirect({ to: "/login", search: { redirect: location.href }, replace: true });
    }
  },
  component: AppLayout,
});
