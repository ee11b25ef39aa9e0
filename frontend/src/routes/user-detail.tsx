import { Anchor, Group, Paper, Stack, Tabs, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, Link, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { RoleBadge, StatusBadge } from "@/components/Badges";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { AuditLog } from "@/features/audit/components/AuditLog";
import { EditUserForm } from "@/features/users/components/EditUserForm";
import { UserActions } from "@/features/users/components/UserActions";
import { useUser } from "@/features/users/hooks/useUsers";
import { BRAND_NAME } from "@/lib/brand";
import { formatDateTime } from "@/lib/dates";
import { MANAGEABLE_ROLES } from "@/lib/roles";
import { choiceParam, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

const TABS = ["details", "history"] as const;

export const userDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/users/$userId",
  validateSearch: (search: Record<string, unknown>): { tab?: (typeof TABS)[number]; page?: number } => ({
    tab: choiceParam(search.tab, TABS),
    page: pageParam(search.page),
  }),
  component: () => (
    <RequireSection section="users">
      <UserDetailPage />
    </RequireSection>
  ),
});

function UserDetailPage() {
  const me = useSignedInUser();
  const { userId } = userDetailRoute.useParams();
  const search = userDetailRoute.useSearch();
  const navigate = useNavigate({ from: userDetailRoute.fullPath });
  const user = useUser(userId);
  useDocumentTitle(`${user.data?.name ?? "User"} · ${BRAND_NAME}`);

  const back = (
    <Anchor component={Link} to="/users" size="sm">
      ← All users
    </Anchor>
  );
  if (user.isPending) return <LoadingState />;
  if (user.isError) {
    return (
      <Stack>
        {back}
        <ErrorState error={user.error} onRetry={() => void user.refetch()} title="Could not open this user" />
      </Stack>
    );
  }

  const account = user.data;
  const isSelf = account.id === me.id;
  const manageable = MANAGEABLE_ROLES[me.role];
  const canManage = !isSelf && manageable.includes(account.role);

  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={account.name}
        description={account.email}
        actions={
          <Group gap="xs">
            <RoleBadge role={account.role} />
            <StatusBadge status={account.status} />
          </Group>
        }
      />
      <Tabs
        value={search.tab ?? "details"}
        onChange={(tab) => void navigate({ search: { tab: tab === "history" ? "history" : undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details" pt="md">
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              {canManage ? (
                <EditUserForm user={account} assignableRoles={manageable} />
              ) : (
                <Text size="sm" c="dimmed">
                  {isSelf ? "This is your own account: change it on your profile page." : "Your role cannot change this account."}
                </Text>
              )}
            </Paper>
            {canManage ? (
              <Paper withBorder radius="md" p="md">
                <UserActions user={account} onDeleted={() => void navigate({ to: "/users", search: {} })} />
              </Paper>
            ) : null}
            <Text size="xs" c="dimmed">
              Created {formatDateTime(account.created_at, { timeZone: me.timezone })} · last changed{" "}
              {formatDateTime(account.updated_at, { timeZone: me.timezone })}
            </Text>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <AuditLog
            filter={{ object_id: account.id }}
            page={search.page}
            onPageChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })}
            timeZone={me.timezone}
            currentUserId={me.id}
            showObject={false}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
