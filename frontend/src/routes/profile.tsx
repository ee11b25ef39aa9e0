import { Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { ChangePasswordForm } from "@/features/profile/components/ChangePasswordForm";
import { ProfileForm } from "@/features/profile/components/ProfileForm";
import { useMe } from "@/features/profile/hooks/useProfile";
import { BRAND_NAME } from "@/lib/brand";

import { appRoute } from "./_app";

export const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/profile",
  component: () => (
    <RequireSection section="profile">
      <ProfilePage />
    </RequireSection>
  ),
});

function ProfilePage() {
  useDocumentTitle(`My profile · ${BRAND_NAME}`);
  const me = useMe();
  return (
    <Stack gap="md">
      <PageHeader title="My profile" description="Your contact details, timezone, language and notifications" />
      {me.isPending ? (
        <LoadingState />
      ) : me.isError ? (
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <>
          <ProfileForm profile={me.data} />
          <ChangePasswordForm email={me.data.email} />
        </>
      )}
    </Stack>
  );
}
