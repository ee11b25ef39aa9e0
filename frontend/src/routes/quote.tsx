import { useDocumentTitle } from "@mantine/hooks";
import { createRoute } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { QuoteForm } from "@/features/rates/components/QuoteForm";
import { BRAND_NAME } from "@/lib/brand";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const quoteRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/quote",
  component: () => (
    <RequireSection section="quote">
      <QuotePage />
    </RequireSection>
  ),
});

function QuotePage() {
  useDocumentTitle(`Call quote · ${BRAND_NAME}`);
  const me = useSignedInUser();
  return (
    <>
      <PageHeader title="What does this call cost?" description="Price a number and a duration with the rating engine: against a deck, a plan or a client's own prices" />
      <QuoteForm timeZone={me.timezone} />
    </>
  );
}
