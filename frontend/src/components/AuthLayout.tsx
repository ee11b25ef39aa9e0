import { Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

import { BRAND_NAME } from "@/lib/brand";

/** The frame of the signed-out pages: sign-in and password reset. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={420}>
        <Stack gap="lg">
          <Stack gap={4}>
            <Text fw={700} c="blue.7" size="lg">
              {BRAND_NAME}
            </Text>
            <Title order={2}>{title}</Title>
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
