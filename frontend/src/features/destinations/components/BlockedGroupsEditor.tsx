import { Button, Group, MultiSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState } from "react";

import { ProblemAlert } from "@/components/ProblemAlert";
import { ErrorState, LoadingState } from "@/components/States";

import { useBlockedGroupIds, useGroups, useSetBlockedGroups } from "../hooks/useDestinations";

/** The destination groups a client may not call, chosen among the groups within reach. */
export function BlockedGroupsEditor({ userId }: { userId: string }) {
  const blocked = useBlockedGroupIds(userId);
  const groups = useGroups({ limit: 200, offset: 0 });
  const save = useSetBlockedGroups(userId);
  const [chosen, setChosen] = useState<string[]>([]);
  const current = blocked.data?.groups;
  useEffect(() => setChosen((current ?? []).map((group) => group.id)), [current]);

  const options = new Map((groups.data?.items ?? []).map((group) => [group.id, group.name]));
  for (const group of current ?? []) if (!options.has(group.id)) options.set(group.id, group.name);
  const saved = (current ?? []).map((group) => group.id);
  const changed = chosen.length !== saved.length || chosen.some((id) => !saved.includes(id));

  return (
    <Paper withBorder radius="md" p="md" data-testid="blocked-groups">
      <Title order={4} mb={4}>
        Blocked destinations
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Calls to a prefix of these groups are refused.
      </Text>
      {blocked.isPending ? (
        <LoadingState />
      ) : blocked.isError ? (
        <ErrorState error={blocked.error} onRetry={() => void blocked.refetch()} />
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={save.error} title="Could not change the blocks" />
          <MultiSelect
            label="Groups"
            placeholder={chosen.length === 0 ? "Nothing blocked" : undefined}
            searchable
            clearable
            data={[...options].map(([value, label]) => ({ value, label }))}
            value={chosen}
            onChange={setChosen}
            nothingFoundMessage={groups.isPending ? "Loading…" : "No destination group: create one on the Destination groups page"}
            data-testid="blocked-groups-select"
          />
          <Group justify="flex-end">
            <Button
              disabled={!changed}
              loading={save.isPending}
              onClick={() => save.mutate(chosen, { onSuccess: () => notifications.show({ color: "green", message: "Blocked destinations saved" }) })}
              data-testid="save-blocked-groups"
            >
              Save blocks
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
