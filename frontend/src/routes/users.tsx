import { Box, Button } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { CreateUserModal } from "@/features/users/components/CreateUserModal";
import { UserFilters, type UserFilterValues } from "@/features/users/components/UserFilters";
import { UsersTable } from "@/features/users/components/UsersTable";
import { useUserList } from "@/features/users/hooks/useUsers";
import { BRAND_NAME } from "@/lib/brand";
import { MANAGEABLE_ROLES, ROLES, USER_STATUSES, type Role, type UserStatus } from "@/lib/roles";
import { choiceParam, offsetOf, PAGE_SIZE, pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export interface UsersSearch {
  page?: number;
  search?: string;
  role?: Role;
  status?: UserStatus;
}

export const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/users",
  validateSearch: (search: Record<string, unknown>): UsersSearch => ({
    page: pageParam(search.page),
    search: textParam(search.search),
    role: choiceParam(search.role, ROLES),
    status: choiceParam(search.status, USER_STATUSES),
  }),
  component: () => (
    <RequireSection section="users">
      <UsersPage />
    </RequireSection>
  ),
});

function UsersPage() {
  useDocumentTitle(`Users · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = usersRoute.useSearch();
  const navigate = useNavigate({ from: usersRoute.fullPath });
  const [creating, create] = useDisclosure(false);
  const manageable = MANAGEABLE_ROLES[me.role];
  const visibleRoles = me.role === "reseller" ? (["client"] as const) : ROLES;
  const users = useUserList({
    limit: PAGE_SIZE,
    offset: offsetOf(search.page),
    search: search.search,
    // A reseller's list is its clients (the API's reach also includes the reseller itself).
    role: me.role === "reseller" ? "client" : search.role,
    status: search.status,
  });

  const setFilters = (next: UserFilterValues) => void navigate({ search: { ...next, page: undefined }, replace: true });
  const setPage = (page: number) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) });
  const filtered = Boolean(search.search || search.role || search.status);

  return (
    <>
      <PageHeader
        title={me.role === "reseller" ? "Your clients" : "Users"}
        description="Accounts within your reach"
        actions={
          manageable.length > 0 ? (
            <Button onClick={create.open} data-testid="new-user">
              New user
            </Button>
          ) : null
        }
      />
      <UserFilters values={{ search: search.search, role: search.role, status: search.status }} roles={visibleRoles} onChange={setFilters} />
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.total === 0 ? (
        <EmptyState
          title={filtered ? "No user matches these filters" : "No users yet"}
          description={filtered ? "Change or clear the filters." : "Create the first one with New user."}
        />
      ) : (
        <Box opacity={users.isPlaceholderData ? 0.6 : 1}>
          <UsersTable users={users.data.items} timeZone={me.timezone} />
          <PaginationBar page={search.page ?? 1} total={users.data.total} pageSize={PAGE_SIZE} onChange={setPage} />
        </Box>
      )}
      <CreateUserModal
        opened={creating}
        onClose={create.close}
        callerRole={me.role}
        manageableRoles={manageable}
        onCreated={(user) => notifications.show({ color: "green", message: `${user.name} was created` })}
      />
    </>
  );
}
