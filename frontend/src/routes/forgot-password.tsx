import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { AuthLayout } from "@/components/AuthLayout";
import { PasswordResetRequestForm } from "@/features/auth/components/PasswordResetRequestForm";
import { BRAND_NAME } from "@/lib/brand";

import { rootRoute } from "./__root";

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/forgot-password",
  component: ForgotPasswordPage,
});

function ForgotPasswordPage() {
  useDocumentTitle(`Reset your password · ${BRAND_NAME}`);
  return (
    <AuthLayout title="Reset your password">
      <PasswordResetRequestForm />
    </AuthLayout>
  );
}
