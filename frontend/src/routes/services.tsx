import { Box, Button } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { Service } from "@/features/invoicing/api/catalogue";
import { ServiceFormModal } from "@/features/invoicing/components/ServiceFormModal";
import { ServicesTable } from "@/features/invoicing/components/ServicesTable";
import { useDeleteService, useServices } from "@/features/invoicing/hooks/useCatalogue";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const servicesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/services",
  validateSearch: (search: Record<string, unknown>): { page?: number } => ({ page: pageParam(search.page) }),
  component: () => (
    <RequireSection section="services">
      <ServicesPage />
    </RequireSection>
  ),
});

/** The catalogue of recurring services clients subscribe to (billed in arrears, prorated by days). */
function ServicesPage() {
  useDocumentTitle(`Services · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = servicesRoute.useSearch();
  const navigate = useNavigate({ from: servicesRoute.fullPath });
  const services = useServices({ limit: PAGE_SIZE, offset: offsetOf(search.page) });
  const [editing, setEditing] = useState<Service | null>(null);
  const [formOpen, form] = useDisclosure(false);
  const [deleting, setDeleting] = useState<Service | null>(null);
  const remove = useDeleteService();
  const openNew = () => {
    setEditing(null);
    form.open();
  };
  return (
    <>
      <PageHeader
        title="Services"
        description="Recurring services billed on invoices: a service with subscribers cannot be deleted, deactivate it instead"
        actions={
          <Button onClick={openNew} data-testid="new-service">
            New service
          </Button>
        }
      />
      {services.isPending ? (
        <LoadingState />
      ) : services.isError ? (
        <ErrorState error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.total === 0 ? (
        <EmptyState title="No services yet" description="Create one, then subscribe clients to it on their page." />
      ) : (
        <Box opacity={services.isPlaceholderData ? 0.6 : 1}>
          <ServicesTable
            services={services.data.items}
            onEdit={(service) => {
              setEditing(service);
              form.open();
            }}
            onDelete={setDeleting}
          />
          <PaginationBar page={search.page ?? 1} total={services.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: { page: page > 1 ? page : undefined } })} />
        </Box>
      )}
      <ServiceFormModal service={editing} opened={formOpen} onClose={form.close} defaultCurrency={me.currency} />
      <ConfirmModal
        opened={deleting !== null}
        title={`Delete ${deleting?.name ?? "this service"}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: "green", message: "Service deleted" });
              setDeleting(null);
            },
          })
        }
      >
        Only a service nobody subscribes to can be deleted.
      </ConfirmModal>
    </>
  );
}
