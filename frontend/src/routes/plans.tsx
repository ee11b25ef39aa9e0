import { Box, Button, Group } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useMemo, useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import type { Plan } from "@/features/rates/api/plans";
import { PlanFormModal } from "@/features/rates/components/PlanFormModal";
import { PlansTable } from "@/features/rates/components/PlansTable";
import { useDeckChoices, useDeletePlan, usePlanList } from "@/features/rates/hooks/usePlans";
import { BRAND_NAME } from "@/lib/brand";
import { offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const plansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/plans",
  validateSearch: (search: Record<string, unknown>): { page?: number; search?: string } => ({
    page: pageParam(search.page),
    search: textParam(search.search),
  }),
  component: () => (
    <RequireSection section="plans">
      <PlansPage />
    </RequireSection>
  ),
});

function DeletePlan({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const remove = useDeletePlan();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={plan !== null}
      title="Delete plan"
      confirmLabel="Delete plan"
      loading={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() =>
        plan &&
        remove.mutate(plan.id, {
          onSuccess: () => {
            notifications.show({ color: "green", message: `${plan.name} was deleted` });
            close();
          },
        })
      }
    >
      Delete <b>{plan?.name}</b>? A plan still assigned to a client cannot be deleted.
    </ConfirmModal>
  );
}

function PlansPage() {
  useDocumentTitle(`Plans · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = plansRoute.useSearch();
  const navigate = useNavigate({ from: plansRoute.fullPath });
  const [editing, setEditing] = useState<Plan | null | "new">(null);
  const [deleting, setDeleting] = useState<Plan | null>(null);
  const plans = usePlanList({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search });
  const deckList = useDeckChoices();
  const decks = useMemo(() => new Map((deckList.data?.items ?? []).map((deck) => [deck.id, deck])), [deckList.data]);

  return (
    <>
      <PageHeader
        title="Plans"
        description="What a client pays: sell decks in order, markups and numbering"
        actions={
          <Button onClick={() => setEditing("new")} data-testid="new-plan">
            New plan
          </Button>
        }
      />
      <Group mb="md">
        <SearchInput
          label="Search"
          placeholder="Plan name"
          value={search.search}
          onCommit={(value) => void navigate({ search: { search: value }, replace: true })}
          style={{ flex: "1 1 220px" }}
        />
      </Group>
      {plans.isPending ? (
        <LoadingState />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
      ) : plans.data.total === 0 ? (
        <EmptyState
          title={search.search ? "No plan matches" : "No plans yet"}
          description={search.search ? "Change or clear the search." : "A plan needs at least one sell deck: create a deck first, then a plan."}
        />
      ) : (
        <Box opacity={plans.isPlaceholderData ? 0.6 : 1}>
          <PlansTable
            plans={plans.data.items}
            decks={decks}
            onOpen={(plan) => void navigate({ to: "/plans/$planId", params: { planId: plan.id } })}
            onEdit={setEditing} onDelete={setDeleting} />
          <PaginationBar
            page={search.page ?? 1}
            total={plans.data.total}
            pageSize={PAGE_SIZE}
            onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })}
          />
        </Box>
      )}
      <PlanFormModal opened={editing !== null} plan={editing === "new" ? null : editing} currency={me.currency} onClose={() => setEditing(null)} />
      <DeletePlan plan={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
