import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { AuthLayout } from "@/components/AuthLayout";
import { PasswordResetConfirmForm } from "@/features/auth/components/PasswordResetConfirmForm";
import { BRAND_NAME } from "@/lib/brand";
import { textParam } from "@/lib/search";

import { rootRoute } from "./__root";

/** The page the e-mailed link opens: {public_url}/reset-password?token=… */
export const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset-password",
  validateSearch: (search: Record<string, unknown>): { token?: string } => ({ token: textParam(search.token, 512) }),
  component: ResetPasswordPage,
});

function ResetPasswordPage() {
  useDocumentTitle(`Choose a new password · ${BRAND_NAME}`);
  const { token } = resetPasswordRoute.useSearch();
  return (
    <AuthLayout title="Choose a new password">
      <PasswordResetConfirmForm token={token} />
    </AuthLayout>
  );
}
