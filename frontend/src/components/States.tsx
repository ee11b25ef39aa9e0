import { Alert, Button, Center, EmptyState as MantineEmpty, Group, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

import { errorMessage, ProblemError } from "@/lib/problem";

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ error, onRetry, title = "Could not load this" }: { error: unknown; onRetry?: () => void; title?: string }) {
  const requestId = error instanceof ProblemError ? error.requestId : undefined;
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {requestId ? (
          <Text size="xs" c="dimmed">
            Request id: {requestId}
          </Text>
        ) : null}
        {onRetry ? (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ title, description, children }: { title: string; description?: ReactNode; children?: ReactNode }) {
  return (
    <MantineEmpty title={title} description={description} py="xl" data-testid="empty-state">
      {children}
    </MantineEmpty>
  );
}
