import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";

export function NotAllowed() {
  return (
    <Stack align="center" gap="sm" py="xl" data-testid="not-allowed">
      <Title order={2}>Not allowed</Title>
      <Text c="dimmed" ta="center">
        Your account is not allowed to open this page.
      </Text>
      <Button component={Link} to="/" variant="light">
        Back to the dashboard
      </Button>
    </Stack>
  );
}

export function NotFound() {
  return (
    <Stack align="center" gap="sm" py="xl">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed" ta="center">
        There is nothing at this address.
      </Text>
      <Button component={Link} to="/" variant="light">
        Back to the dashboard
      </Button>
    </Stack>
  );
}
