import { Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";

import { AnchorLink } from "@/components/AnchorLink";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

async function getUser(userId: string) {
  return expectData(await api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } }));
}

/**
 * A client's name, linking to its page (tab `tab`), for lists whose rows carry only the
 * client's id. One request per client, shared with `ClientSelect`'s cache.
 */
export function ClientName({ userId, tab }: { userId: string; tab?: "billing" | "invoicing" }) {
  const user = useQuery({ queryKey: ["users", "detail", userId], queryFn: () => getUser(userId), staleTime: 60_000 });
  return (
    <AnchorLink to="/users/$userId" params={{ userId }} search={{ tab }} size="sm">
      {user.data?.name ?? (user.isError ? "A client" : <Text span size="sm" c="dimmed">…</Text>)}
    </AnchorLink>
  );
}
