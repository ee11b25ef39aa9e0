import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from "@mantine/core";

import type { ApiKeyCreated } from "../api/apiKeys";

/** The new key's token, shown this once; closing the modal forgets it. */
export function TokenOnceModal({ created, onClose }: { created: ApiKeyCreated | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Your new API key" size="lg" closeOnClickOutside={false}>
      {created ? (
        <Stack gap="md">
          <Alert color="yellow" title="Copy it now">
            This is the only time the key is shown. It cannot be recovered: if it is lost, revoke the key and create another.
          </Alert>
          <Text size="sm">
            <b>{created.api_key.name}</b> — send it as <Code>Authorization: Bearer …</Code>
          </Text>
          <Code block data-testid="api-key-token" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {created.token}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? "teal" : "blue"} onClick={copy} data-testid="copy-token">
                  {copied ? "Copied" : "Copy to clipboard"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
