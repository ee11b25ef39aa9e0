import { AppShell, Burger, Group, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useRouterState } from "@tanstack/react-router";

import { UserMenu } from "@/features/auth/components/UserMenu";
import { BalanceBadge } from "@/features/billing/components/BalanceBadge";
import { BRAND_NAME } from "@/lib/brand";
import { activeItem, navigationFor } from "@/lib/navigation";
import { useCurrentUser } from "@/lib/session";

import { AVAILABLE_SECTIONS } from "./sections";

/** The signed-in shell: brand, the navigation of the user's role, the user menu. */
export function AppLayout() {
  const user = useCurrentUser();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  // Signed out meanwhile: app/session-watch.ts is taking the user to the sign-in page.
  if (user === null) return null;
  const items = navigationFor(user.role, AVAILABLE_SECTIONS);
  const active = activeItem(items, pathname);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to="/" fw={800} size="lg" c="blue.7" data-testid="brand">
              {BRAND_NAME}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {user.role === "client" ? <BalanceBadge userId={user.id} /> : null}
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <nav data-testid="main-nav">
            {items.map((item) => (
              <NavLink
                key={item.section}
                component={Link}
                to={item.to}
                label={item.label}
                active={item.section === active?.section}
                // The router marks a link whose path is a parent of this one (aria-current, which
                // Mantine styles as active) — only the one item above may look active.
                activeOptions={{ exact: true }}
                onClick={close}
                data-testid={`nav-${item.section}`}
              />
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py="xs">
            Signed in as {user.email}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
