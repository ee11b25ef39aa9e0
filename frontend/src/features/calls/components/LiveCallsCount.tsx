import { Anchor, Group, Paper, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { useLiveCalls } from "../hooks/useLiveCalls";

/** The dashboard's live-call count, refreshed with the live calls page's cadence. */
export function LiveCallsCount() {
  const calls = useLiveCalls();
  return (
    <Paper withBorder radius="md" p="md" data-testid="live-calls-count">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Calls in progress
          </Text>
          <Text size="xl" fw={700} data-testid="live-calls-number">
            {calls.isPending ? "…" : calls.isError ? "—" : calls.data.length}
          </Text>
        </div>
        <Anchor component={Link} to="/calls/live" size="sm">
          See live calls
        </Anchor>
      </Group>
    </Paper>
  );
}
