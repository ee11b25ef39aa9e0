import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { RoleBadge, StatusBadge } from "@/components/Badges";
import { ErrorState, LoadingState } from "@/components/States";
import { formatDate } from "@/lib/dates";

import { useMe } from "../hooks/useProfile";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** The signed-in account at a glance (the client dashboard). */
export function ProfileSummary() {
  const me = useMe();
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const profile = me.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="profile-summary">
      <Title order={4} mb="md">
        Your account
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        <Field label="Name">{profile.name}</Field>
        <Field label="E-mail">{profile.email}</Field>
        <Field label="Role">
          <RoleBadge role={profile.role} />
        </Field>
        <Field label="Status">
          <StatusBadge status={profile.status} />
        </Field>
        <Field label="Company">{profile.company ?? "—"}</Field>
        <Field label="Phone">{profile.phone ?? "—"}</Field>
        <Field label="Timezone">{profile.timezone}</Field>
        <Field label="Currency">{profile.currency}</Field>
        <Field label="Customer since">{formatDate(profile.created_at, { timeZone: profile.timezone })}</Field>
      </SimpleGrid>
      <Anchor component={Link} to="/profile" size="sm" mt="md" display="inline-block">
        Edit your profile
      </Anchor>
    </Paper>
  );
}
