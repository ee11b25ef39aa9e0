import { Box, Button, Group, Select } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";

import { RequireSection } from "@/app/RequireSection";
import { ClientSelect } from "@/components/ClientSelect";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { SearchInput } from "@/components/SearchInput";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { SIP_STATUSES, type SipUser } from "@/features/telephony/api/telephony";
import { SecretOnceModal } from "@/features/telephony/components/SecretOnceModal";
import { SipUserFormModal } from "@/features/telephony/components/SipUserFormModal";
import { SipUserList } from "@/features/telephony/components/SipUserList";
import { useSipUsers } from "@/features/telephony/hooks/useTelephony";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SipUsersSearch {
  page?: number;
  search?: string;
  status?: (typeof SIP_STATUSES)[number];
  owner?: string;
}

export const sipUsersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/sip-users",
  validateSearch: (search: Record<string, unknown>): SipUsersSearch => ({
    page: pageParam(search.page),
    search: textParam(search.search, 64),
    status: choiceParam(search.status, SIP_STATUSES),
    owner: typeof search.owner === "string" && UUID.test(search.owner) ? search.owner : undefined,
  }),
  component: () => (
    <RequireSection section="sipUsers">
      <SipUsersPage />
    </RequireSection>
  ),
});

function SipUserFilters({ manage }: { manage: boolean }) {
  const search = sipUsersRoute.useSearch();
  const navigate = useNavigate({ from: sipUsersRoute.fullPath });
  const setFilter = (next: Partial<SipUsersSearch>) => void navigate({ search: (current) => ({ ...current, ...next, page: undefined }), replace: true });
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <SearchInput label="Search" placeholder="Username" value={search.search} onCommit={(value) => setFilter({ search: value })} style={{ flex: "1 1 200px" }} />
      {manage ? <ClientSelect value={search.owner} onChange={(owner) => setFilter({ owner })} style={{ flex: "1 1 240px" }} /> : null}
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={[...SIP_STATUSES]}
        value={search.status ?? null}
        onChange={(status) => setFilter({ status: choiceParam(status, SIP_STATUSES) })}
        style={{ flex: "0 1 160px" }}
      />
    </Group>
  );
}

function SipUsersPage() {
  useDocumentTitle(`SIP users · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const manage = me.role !== "client";
  const search = sipUsersRoute.useSearch();
  const navigate = useNavigate({ from: sipUsersRoute.fullPath });
  const [creating, create] = useDisclosure(false);
  const [created, setCreated] = useState<SipUser | null>(null);
  const sipUsers = useSipUsers({ limit: PAGE_SIZE, offset: offsetOf(search.page), search: search.search, status: search.status, owner_id: search.owner });
  const filtered = Boolean(search.search || search.status || search.owner);

  return (
    <>
      <PageHeader
        title="SIP users"
        description={manage ? "The phones and PBXs that register and call through the platform" : "Your phones' accounts (secrets are never shown again)"}
        actions={
          manage ? (
            <Button onClick={create.open} data-testid="new-sip-user">
              New SIP user
            </Button>
          ) : null
        }
      />
      <SipUserFilters manage={manage} />
      {sipUsers.isPending ? (
        <LoadingState />
      ) : sipUsers.isError ? (
        <ErrorState error={sipUsers.error} onRetry={() => void sipUsers.refetch()} />
      ) : sipUsers.data.total === 0 ? (
        <EmptyState title={filtered ? "No SIP user matches" : "No SIP users yet"} description={filtered ? "Change or clear the filters." : manage ? "Create one for each phone or PBX of a client." : undefined} />
      ) : (
        <Box opacity={sipUsers.isPlaceholderData ? 0.6 : 1}>
          <SipUserList sipUsers={sipUsers.data.items} manage={manage} />
          <PaginationBar page={search.page ?? 1} total={sipUsers.data.total} pageSize={PAGE_SIZE} onChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })} />
        </Box>
      )}
      {manage ? <SipUserFormModal opened={creating} sipUser={null} ownerId={search.owner} onClose={create.close} onCreated={setCreated} /> : null}
      <SecretOnceModal sipUser={created} onClose={() => setCreated(null)} />
    </>
  );
}
