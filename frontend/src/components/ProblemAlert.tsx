import { Alert, List, Text } from "@mantine/core";

import { errorMessage, ProblemError } from "@/lib/problem";

/**
 * A form's error: the problem's detail, plus the field errors that belong to none of the form's
 * own fields (those are shown next to their inputs instead).
 */
export function ProblemAlert({ error, fields = [], title = "That did not work" }: { error: unknown; fields?: readonly string[]; title?: string }) {
  if (!error) return null;
  const others = error instanceof ProblemError ? error.otherErrors(fields) : [];
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {others.length > 0 ? (
        <List size="sm" mt="xs">
          {others.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}

/** The message for one form field, from a problem's `errors`. */
export function fieldError(error: unknown, field: string, fields: readonly string[]): string | undefined {
  return error instanceof ProblemError ? error.fieldErrors(fields)[field] : undefined;
}
