import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";

import { ProblemAlert } from "@/components/ProblemAlert";

import type { User } from "../api/users";
import { useDeleteUser, useUpdateUser } from "../hooks/useUsers";

/** Suspend or reactivate an account (PATCH status), or delete it after a confirmation. */
export function UserActions({ user, onDeleted }: { user: User; onDeleted: () => void }) {
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser();
  const [confirming, confirm] = useDisclosure(false);
  const active = user.status === "active";

  const toggle = () =>
    update.mutate(
      { status: active ? "suspended" : "active" },
      { onSuccess: (next) => notifications.show({ color: "green", message: `${next.name} is now ${next.status}` }) },
    );

  const destroy = () =>
    remove.mutate(user.id, {
      onSuccess: () => {
        confirm.close();
        notifications.show({ color: "green", message: `${user.name} was deleted` });
        onDeleted();
      },
    });

  return (
    <Stack gap="xs">
      <ProblemAlert error={update.error} />
      <Group gap="xs">
        <Button variant="light" color={active ? "yellow" : "green"} loading={update.isPending} onClick={toggle} data-testid="toggle-status">
          {active ? "Suspend" : "Activate"}
        </Button>
        <Button variant="light" color="red" onClick={confirm.open}>
          Delete
        </Button>
      </Group>
      <Modal opened={confirming} onClose={confirm.close} title="Delete this user?">
        <Stack gap="md">
          <Text size="sm">
            {user.name} ({user.email}) will no longer be able to sign in. Their history stays in the audit log.
          </Text>
          <ProblemAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={destroy}>
              Delete user
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
