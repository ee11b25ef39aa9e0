import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from "@mantine/core";

import type { SipUser } from "../api/telephony";

/** A SIP user's secret, shown this once (after create or rotate); closing forgets it. */
export function SecretOnceModal({ sipUser, onClose }: { sipUser: SipUser | null; onClose: () => void }) {
  return (
    <Modal opened={sipUser !== null} onClose={onClose} title="SIP secret" size="lg" closeOnClickOutside={false}>
      {sipUser ? (
        <Stack gap="md">
          <Alert color="yellow" title="Copy it now">
            This is the only time the secret is shown. If it is lost, rotate it to get a new one.
          </Alert>
          <Text size="sm">
            Username <Code>{sipUser.username}</Code>
          </Text>
          <Code block data-testid="sip-secret" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {sipUser.secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={sipUser.secret}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? "teal" : "blue"} onClick={copy} data-testid="copy-secret">
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
