import { Box, Button } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { CreateVoucherBatchModal } from "@/features/payments/components/CreateVoucherBatchModal";
import { VoucherBatchesTable } from "@/features/payments/components/VoucherBatchesTable";
import { useVoucherBatches } from "@/features/payments/hooks/usePayments";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const vouchersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/vouchers",
  validateSearch: (search: Record<string, unknown>): { page?: number } => ({ page: pageParam(search.page) }),
  component: () => (
    <RequireSection section="vouchers">
      <VouchersPage />
    </RequireSection>
  ),
});

/** Prepaid voucher batches: generate codes (shown once, with a CSV), see how many were redeemed. */
function VouchersPage() {
  useDocumentTitle(`Vouchers · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = vouchersRoute.useSearch();
  const navigate = useNavigate({ from: vouchersRoute.fullPath });
  const batches = useVoucherBatches({ limit: PAGE_SIZE, offset: offsetOf(search.page) });
  const [creating, creator] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Vouchers"
        description="Prepaid codes your clients redeem on their balance page"
        actions={
          <Button onClick={creator.open} data-testid="new-vouchers">
            Generate vouchers
          </Button>
        }
      />
      {batches.isPending ? (
        <LoadingState />
      ) : batches.isError ? (
        <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />
      ) : batches.data.total === 0 ? (
        <EmptyState title="No vouchers yet" description="Generate a batch of codes to hand out or sell." />
      ) : (
        <Box opacity={batches.isPlaceholderData ? 0.6 : 1}>
          <VoucherBatchesTable batches={batches.data.items} timeZone={me.timezone} />
          <PaginationBar page={search.page ?? 1} total={batches.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: { page: page > 1 ? page : undefined } })} />
        </Box>
      )}
      <CreateVoucherBatchModal opened={creating} onClose={creator.close} defaultCurrency={me.currency} timeZone={me.timezone} />
    </>
  );
}
