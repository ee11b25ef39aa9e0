import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";

import { ErrorState, LoadingState } from "@/components/States";
import { formatDateTime } from "@/lib/dates";

import { useDeckVersions } from "../hooks/useDecks";

/** Every version of a deck, newest first; picking one shows its rates. */
export function DeckVersions({ deckId, current, shown, onShow, timeZone }: { deckId: string; current: number; shown: number; onShow: (version: number) => void; timeZone: string }) {
  const versions = useDeckVersions(deckId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="deck-versions">
      <Title order={5} mb="sm">
        Versions
      </Title>
      {versions.isPending ? (
        <LoadingState />
      ) : versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet: import a CSV file to make version 1.
        </Text>
      ) : (
        <Stack gap={6}>
          {versions.data.map((version) => (
            <Group
              key={version.id}
              justify="space-between"
              gap="xs"
              wrap="nowrap"
              onClick={() => onShow(version.version)}
              style={{ cursor: "pointer" }}
              bg={version.version === shown ? "blue.0" : undefined}
              px={6}
              py={4}
              role="button"
              aria-pressed={version.version === shown}
            >
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  v{version.version} {version.version === current ? <Badge size="xs" variant="light">current</Badge> : null}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(version.created_at, { timeZone })} · {version.source}
                </Text>
              </Stack>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {version.rate_count} rates
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
