import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, redirect, useRouter } from "@tanstack/react-router";

import { AuthLayout } from "@/components/AuthLayout";
import { LoginForm } from "@/features/auth/components/LoginForm";
import { BRAND_NAME } from "@/lib/brand";
import { safeRedirect } from "@/lib/search";
import { authStore } from "@/lib/session";

import { rootRoute } from "./__root";

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/login",
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({ redirect: safeRedirect(search.redirect) }),
  beforeLoad: ({ search }) => {
    if (authStore.getUser() !== null) throw redirect({ href: search.redirect ?? "/", replace: true });
  },
  component: LoginPage,
});

function LoginPage() {
  useDocumentTitle(`Sign in · ${BRAND_NAME}`);
  const { redirect: target } = loginRoute.useSearch();
  const router = useRouter();
  return (
    <AuthLayout title="Sign in">
      <LoginForm onSignedIn={() => void router.history.replace(target ?? "/")} />
    </AuthLayout>
  );
}
