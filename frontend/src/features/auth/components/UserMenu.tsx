import { Avatar, Group, Menu, Stack, Text, UnstyledButton } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { RoleBadge } from "@/components/Badges";
import type { User } from "@/lib/auth-store";

import { useSignOut } from "../hooks/useAuthActions";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

/** The signed-in user's name and role, with the way out. */
export function UserMenu({ user }: { user: User }) {
  const signOut = useSignOut();
  // Once the session is gone the app goes to the sign-in page by itself (app/session-watch.ts).
  const leave = () => signOut.mutate();

  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="blue" radius="xl" size="sm">
              {initials(user.name)}
            </Avatar>
            <Stack gap={0} visibleFrom="sm">
              <Text size="sm" fw={600} lh={1.2} data-testid="user-name">
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} data-testid="user-role">
                {user.role}
              </Text>
            </Stack>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Stack gap={4}>
            <Text size="sm" fw={600} c="dark">
              {user.name}
            </Text>
            <Text size="xs">{user.email}</Text>
            <RoleBadge role={user.role} />
          </Stack>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile">
          My profile
        </Menu.Item>
        <Menu.Item color="red" onClick={leave} disabled={signOut.isPending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
