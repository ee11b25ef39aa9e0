import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { useRequestPasswordReset } from "../hooks/useAuthActions";

const FIELDS = ["email"] as const;

export function PasswordResetRequestForm() {
  const [email, setEmail] = useState("");
  const request = useRequestPasswordReset();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(email.trim());
  };

  if (request.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="green" title="Check your e-mail">
          If an account exists for {email.trim()}, we have sent it a link to choose a new password. The link works once, for 30 minutes.
        </Alert>
        <Anchor component={Link} to="/login" size="sm">
          Back to sign in
        </Anchor>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Enter the e-mail address of your account and we will send you a link to choose a new password.
        </Text>
        <ProblemAlert error={request.error} fields={FIELDS} />
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError(request.error, "email", FIELDS)}
          autoFocus
        />
        <Group justify="space-between">
          <Anchor component={Link} to="/login" size="sm">
            Back to sign in
          </Anchor>
          <Button type="submit" loading={request.isPending} disabled={!email}>
            Send the link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
