import { Group, Select } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { AuditLog } from "@/features/audit/components/AuditLog";
import { BRAND_NAME } from "@/lib/brand";
import { pageParam, textParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

/** The kinds of object the API audits today. */
const OBJECT_TYPES = [
  { value: "user", label: "Users" },
  { value: "group", label: "Groups" },
  { value: "api_key", label: "API keys" },
  { value: "oauth_client", label: "OAuth clients" },
];

export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/audit",
  validateSearch: (search: Record<string, unknown>): { page?: number; object_type?: string } => ({
    page: pageParam(search.page),
    object_type: textParam(search.object_type, 64),
  }),
  component: () => (
    <RequireSection section="audit">
      <AuditPage />
    </RequireSection>
  ),
});

function AuditPage() {
  useDocumentTitle(`Audit log · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = auditRoute.useSearch();
  const navigate = useNavigate({ from: auditRoute.fullPath });
  const known = OBJECT_TYPES.some((type) => type.value === search.object_type);
  const choices = known || !search.object_type ? OBJECT_TYPES : [...OBJECT_TYPES, { value: search.object_type, label: search.object_type }];

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, and when — newest first" />
      <Group mb="md">
        <Select
          label="Object type"
          placeholder="All objects"
          clearable
          data={choices}
          value={search.object_type ?? null}
          onChange={(value) => void navigate({ search: { object_type: value ?? undefined }, replace: true })}
          w={{ base: "100%", xs: 220 }}
          data-testid="audit-object-type"
        />
      </Group>
      <AuditLog
        filter={{ object_type: search.object_type }}
        page={search.page}
        onPageChange={(page) => void navigate({ search: (current) => ({ ...current, page: page > 1 ? page : undefined }) })}
        timeZone={me.timezone}
        currentUserId={me.id}
      />
    </>
  );
}
