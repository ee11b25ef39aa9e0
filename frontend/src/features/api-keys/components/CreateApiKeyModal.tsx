import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import type { Role } from "@/lib/roles";

import type { ApiKeyCreated } from "../api/apiKeys";
import { useCreateApiKey } from "../hooks/useApiKeys";
import { scopesFor } from "./scopes";

const FIELDS = ["name", "scopes", "expires_at", "ip_allowlist"] as const;

/** A `datetime-local` value (the viewer's local time) as an ISO instant with its offset. */
function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function CreateApiKeyModal({ opened, onClose, role, onCreated }: { opened: boolean; onClose: () => void; role: Role; onCreated: (created: ApiKeyCreated) => void }) {
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresAt, setExpiresAt] = useState("");
  const [allowlist, setAllowlist] = useState("");
  const create = useCreateApiKey();
  const available = scopesFor(role);

  const close = () => {
    create.reset();
    setName("");
    setScopes([]);
    setExpiresAt("");
    setAllowlist("");
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        scopes,
        expires_at: toInstant(expiresAt),
        ip_allowlist: allowlist
          .split(/[\s,]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      },
      {
        onSuccess: (created) => {
          close();
          onCreated(created);
        },
      },
    );
  };
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);

  return (
    <Modal opened={opened} onClose={close} title="New API key" size="lg">
      <form onSubmit={submit} noValidate data-testid="create-api-key-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not create the key" />
          <TextInput label="Name" description="What uses it, e.g. CRM sync" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error("name")} data-autofocus />
          <Checkbox.Group label="Scopes" description="What the key may do — never more than your own account may" value={scopes} onChange={setScopes} error={error("scopes")}>
            <Group justify="flex-end" mt={-20} mb={4}>
              <Button variant="subtle" size="compact-xs" onClick={() => setScopes(scopes.length === available.length ? [] : available.map((entry) => entry.scope))}>
                {scopes.length === available.length ? "Clear all" : "Select all"}
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {available.map((entry) => (
                <Checkbox key={entry.scope} value={entry.scope} label={entry.scope} description={entry.description} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Expires"
              description="Optional; your local time"
              type="datetime-local"
              value={expiresAt}
              onChange={(e) => setExpiresAt(e.currentTarget.value)}
              error={error("expires_at")}
            />
            <Textarea
              label="IP allowlist"
              description="Optional; one address or CIDR network per line"
              autosize
              minRows={2}
              placeholder={"203.0.113.0/24\n2001:db8::/32"}
              value={allowlist}
              onChange={(e) => setAllowlist(e.currentTarget.value)}
              error={error("ip_allowlist")}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The key is shown once, right after it is created. Store it in a password manager.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || scopes.length === 0}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
