import { Badge } from "@mantine/core";

const ROLE_COLORS: Record<string, string> = { superadmin: "grape", admin: "indigo", reseller: "teal", client: "gray" };
const STATUS_COLORS: Record<string, string> = {
  active: "green",
  suspended: "yellow",
  blocked: "red",
  expired: "gray",
  revoked: "red",
  ok: "green",
  error: "red",
  unavailable: "red",
};

export function RoleBadge({ role }: { role: string }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role] ?? "gray"}>
      {role}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="dot" color={STATUS_COLORS[status] ?? "gray"}>
      {status}
    </Badge>
  );
}
