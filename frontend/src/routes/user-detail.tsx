import { Anchor, Button, Grid, Group, Paper, Stack, Tabs, Text } from "@mantine/core";
import { useDisclosure, useDocumentTitle } from "@mantine/hooks";
import { createRoute, Link, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { RoleBadge, StatusBadge } from "@/components/Badges";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { AuditLog } from "@/features/audit/components/AuditLog";
import { LEDGER_KINDS, type LedgerKind } from "@/features/billing/api/billing";
import { AddCreditModal } from "@/features/billing/components/AddCreditModal";
import { BillingTermsForm } from "@/features/billing/components/BillingTermsForm";
import { BalanceCard } from "@/features/billing/components/BalanceCard";
import { Ledger } from "@/features/billing/components/Ledger";
import { LimitsCard } from "@/features/billing/components/LimitsCard";
import { ClientInvoices } from "@/features/invoicing/components/ClientInvoices";
import { ClientTermsForm } from "@/features/invoicing/components/ClientTermsForm";
import { SubscriptionsPanel } from "@/features/invoicing/components/SubscriptionsPanel";
import { PaymentsPanel } from "@/features/payments/components/PaymentsPanel";
import { PreferencesForm } from "@/features/preferences/components/PreferencesForm";
import { BlockedGroupsEditor } from "@/features/destinations/components/BlockedGroupsEditor";
import type { User } from "@/features/users/api/users";
import { EditUserForm } from "@/features/users/components/EditUserForm";
import { UserActions } from "@/features/users/components/UserActions";
import { useUser } from "@/features/users/hooks/useUsers";
import { BRAND_NAME } from "@/lib/brand";
import { formatDateTime } from "@/lib/dates";
import { MANAGEABLE_ROLES } from "@/lib/roles";
import { choiceParam, pageParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

const TABS = ["details", "billing", "invoicing", "preferences", "history"] as const;

export interface UserDetailSearch {
  tab?: (typeof TABS)[number];
  page?: number;
  kind?: LedgerKind;
}

export const userDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/users/$userId",
  validateSearch: (search: Record<string, unknown>): UserDetailSearch => ({
    tab: choiceParam(search.tab, TABS),
    page: pageParam(search.page),
    kind: choiceParam(search.kind, LEDGER_KINDS),
  }),
  component: () => (
    <RequireSection section="users">
      <UserDetailPage />
    </RequireSection>
  ),
});

/** A client's balance, its billing terms and blocked destinations (editable by those who may
 * manage the client, else shown), "Add credit", and the ledger. */
function BillingPanel({ account, canCredit }: { account: User; canCredit: boolean }) {
  const me = useSignedInUser();
  const search = userDetailRoute.useSearch();
  const navigate = useNavigate({ from: userDetailRoute.fullPath });
  const [crediting, credit] = useDisclosure(false);
  return (
    <Stack gap="md">
      <BalanceCard
        userId={account.id}
        actions={
          canCredit ? (
            <Button size="sm" onClick={credit.open} data-testid="add-credit">
              Add credit
            </Button>
          ) : null
        }
      />
      {canCredit ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <BillingTermsForm userId={account.id} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <BlockedGroupsEditor userId={account.id} />
          </Grid.Col>
        </Grid>
      ) : (
        <LimitsCard userId={account.id} timeZone={me.timezone} />
      )}
      <PaymentsPanel userId={account.id} currency={account.currency} canManage={canCredit} timeZone={me.timezone} />
      <Ledger
        userId={account.id}
        kind={search.kind}
        page={search.page}
        timeZone={me.timezone}
        onChange={(next) => void navigate({ search: (current) => ({ ...current, ...next }), replace: true })}
      />
      <AddCreditModal userId={account.id} currency={account.currency} opened={crediting} onClose={credit.close} />
    </Stack>
  );
}

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
        onChange={(value) => {
          const tab = choiceParam(value, TABS);
          void navigate({ search: { tab: tab === "details" ? undefined : tab }, replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          {account.role === "client" ? (
            <Tabs.Tab value="billing" data-testid="billing-tab">
              Billing
            </Tabs.Tab>
          ) : null}
          {account.role === "client" ? (
            <Tabs.Tab value="invoicing" data-testid="invoicing-tab">
              Invoicing
            </Tabs.Tab>
          ) : null}
          {account.role === "client" ? (
            <Tabs.Tab value="preferences" data-testid="preferences-tab">
              Preferences
            </Tabs.Tab>
          ) : null}
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
        {account.role === "client" ? (
          <Tabs.Panel value="billing" pt="md">
            <BillingPanel account={account} canCredit={canManage} />
          </Tabs.Panel>
        ) : null}
        {account.role === "client" ? (
          <Tabs.Panel value="invoicing" pt="md">
            <Stack gap="md">
              <ClientTermsForm userId={account.id} canEdit={canManage} />
              <SubscriptionsPanel clientId={account.id} currency={account.currency} canManage={canManage} timeZone={account.timezone} />
              <ClientInvoices clientId={account.id} timeZone={me.timezone} />
            </Stack>
          </Tabs.Panel>
        ) : null}
        {account.role === "client" ? (
          <Tabs.Panel value="preferences" pt="md">
            <PreferencesForm userId={account.id} currency={account.currency} accountEmail={account.email} />
          </Tabs.Panel>
        ) : null}
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
