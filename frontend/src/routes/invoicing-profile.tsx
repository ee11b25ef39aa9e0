import { Stack } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { InvoicingProfileForm } from "@/features/invoicing/components/InvoicingProfileForm";
import { useInvoicingProfile } from "@/features/invoicing/hooks/useInvoicing";
import { BRAND_NAME } from "@/lib/brand";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const invoicingProfileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/invoicing-profile",
  component: () => (
    <RequireSection section="invoicingProfile">
      <InvoicingProfilePage />
    </RequireSection>
  ),
});

function InvoicingProfilePage() {
  useDocumentTitle(`Invoicing profile · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const profile = useInvoicingProfile();
  return (
    <Stack gap="md">
      <PageHeader
        title="Invoicing profile"
        description={me.role === "reseller" ? "How your clients' invoices look, are numbered and are scheduled" : "How the platform's invoices look, are numbered and are scheduled (resellers have their own)"}
      />
      {profile.isPending ? <LoadingState /> : profile.isError ? <ErrorState error={profile.error} onRetry={() => void profile.refetch()} /> : <InvoicingProfileForm profile={profile.data} />}
    </Stack>
  );
}
