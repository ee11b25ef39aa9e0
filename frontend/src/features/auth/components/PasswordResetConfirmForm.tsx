import { Alert, Anchor, Button, Group, PasswordInput, Stack } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { useConfirmPasswordReset } from "../hooks/useAuthActions";

const FIELDS = ["new_password", "token"] as const;
const MIN_LENGTH = 10;

export function PasswordResetConfirmForm({ token }: { token: string | undefined }) {
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const confirm = useConfirmPasswordReset();

  if (!token) {
    return (
      <Stack gap="md">
        <Alert color="red" title="This link is incomplete">
          Open the link from the e-mail exactly as it was sent, or ask for a new one.
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          Ask for a new link
        </Anchor>
      </Stack>
    );
  }

  if (confirm.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="green" title="Password changed">
          Your new password is set. Every other session of your account has been signed out.
        </Alert>
        <Button component={Link} to="/login">
          Sign in
        </Button>
      </Stack>
    );
  }

  const tooShort = password.length > 0 && password.length < MIN_LENGTH;
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (tooShort || mismatch) return;
    confirm.mutate({ token, password });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ProblemAlert error={confirm.error} fields={["new_password"]} />
        {fieldError(confirm.error, "token", FIELDS) ? (
          <Anchor component={Link} to="/forgot-password" size="sm">
            Ask for a new link
          </Anchor>
        ) : null}
        <PasswordInput
          label="New password"
          description={`At least ${MIN_LENGTH} characters`}
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={tooShort ? `At least ${MIN_LENGTH} characters` : fieldError(confirm.error, "new_password", FIELDS)}
          autoFocus
        />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => setRepeat(event.currentTarget.value)}
          error={mismatch ? "The passwords differ" : undefined}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={confirm.isPending} disabled={!password || password !== repeat || tooShort}>
            Set the new password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
