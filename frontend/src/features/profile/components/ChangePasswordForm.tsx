import { Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { useChangePassword } from "../hooks/useProfile";

const FIELDS = ["current_password", "new_password"] as const;
const MIN_LENGTH = 10;

export function ChangePasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const change = useChangePassword(email);
  const tooShort = next.length > 0 && next.length < MIN_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== next;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || mismatch) return;
    change.mutate(
      { current, next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setRepeat("");
          notifications.show({ color: "green", message: "Password changed; your other sessions were signed out" });
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="change-password-form">
        <Stack gap="sm">
          <Title order={4}>Change password</Title>
          <Text size="sm" c="dimmed">
            Changing your password signs out every other session of your account.
          </Text>
          <ProblemAlert error={change.error} fields={FIELDS} title="Could not change the password" />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={fieldError(change.error, "current_password", FIELDS)}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={tooShort ? `At least ${MIN_LENGTH} characters` : fieldError(change.error, "new_password", FIELDS)}
            />
            <PasswordInput
              label="Repeat new password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              error={mismatch ? "The passwords differ" : undefined}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={change.isPending} disabled={!current || !next || next !== repeat || tooShort}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
