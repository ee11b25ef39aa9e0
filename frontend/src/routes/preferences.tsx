import { Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PreferencesForm } from "@/features/preferences/components/PreferencesForm";
import { BRAND_NAME } from "@/lib/brand";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const preferencesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/preferences",
  component: () => (
    <RequireSection section="preferences">
      <PreferencesPage />
    </RequireSection>
  ),
});

/** A client's own choices: digit masking on its call records, e-mail alerts, the low-credit level. */
function PreferencesPage() {
  useDocumentTitle(`My preferences · ${BRAND_NAME}`);
  const me = useSignedInUser();
  return (
    <Stack gap="md">
      <PageHeader title="My preferences" description="How your calls are recorded and which alerts you get by e-mail" />
      <PreferencesForm userId={me.id} currency={me.currency} accountEmail={me.email} />
    </Stack>
  );
}
