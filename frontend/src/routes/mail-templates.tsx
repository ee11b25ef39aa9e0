import { Badge, Grid, NavLink, Paper, Stack, Text } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { createRoute, useNavigate } from "@tanstack/react-router";

import { RequireSection } from "@/app/RequireSection";
import { PageHeader } from "@/components/PageHeader";
import { ErrorState, LoadingState } from "@/components/States";
import { MAIL_TEMPLATE_KINDS, type MailTemplateKind, type MailTemplateSource } from "@/features/alerts/api/mailTemplates";
import { KIND_LABELS, MailTemplateEditor, SOURCE_LABELS } from "@/features/alerts/components/MailTemplateEditor";
import { useMailTemplates } from "@/features/alerts/hooks/useMailTemplates";
import { BRAND_NAME } from "@/lib/brand";
import { choiceParam } from "@/lib/search";
import { useSignedInUser } from "@/lib/session";

import { appRoute } from "./_app";

export const mailTemplatesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/mail-templates",
  validateSearch: (search: Record<string, unknown>): { kind?: MailTemplateKind } => ({ kind: choiceParam(search.kind, MAIL_TEMPLATE_KINDS) }),
  component: () => (
    <RequireSection section="mailTemplates">
      <MailTemplatesPage />
    </RequireSection>
  ),
});

const WHEN: Record<MailTemplateKind, string> = {
  low_credit: "A client's available credit falls below its low-credit level",
  spend_cap: "A client's spend this month reaches its cap",
  invoice_issued: "An invoice is issued to a client",
};

function MailTemplatesPage() {
  useDocumentTitle(`Mail templates · ${BRAND_NAME}`);
  const me = useSignedInUser();
  const search = mailTemplatesRoute.useSearch();
  const navigate = useNavigate({ from: mailTemplatesRoute.fullPath });
  const templates = useMailTemplates();
  // A reseller's own wording is its clients' ("tenant"); an admin's is the platform's.
  const ownSource: MailTemplateSource = me.role === "reseller" ? "tenant" : "platform";
  const kind = search.kind ?? "low_credit";
  const template = templates.data?.find((item) => item.kind === kind);

  return (
    <Stack gap="md">
      <PageHeader
        title="Mail templates"
        description={me.role === "reseller" ? "The wording of the e-mails your clients get" : "The wording of the platform's e-mails, for direct clients and resellers' clients without their own"}
      />
      {templates.isPending ? (
        <LoadingState />
      ) : templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Paper withBorder radius="md" p={4} data-testid="mail-template-kinds">
              {templates.data.map((item) => (
                <NavLink
                  key={item.kind}
                  active={item.kind === kind}
                  label={KIND_LABELS[item.kind]}
                  description={WHEN[item.kind]}
                  rightSection={
                    <Badge size="xs" variant={item.source === ownSource ? "filled" : "light"} color={item.source === "default" ? "gray" : "blue"} tt="none">
                      {SOURCE_LABELS[item.source]}
                    </Badge>
                  }
                  onClick={() => void navigate({ search: { kind: item.kind === "low_credit" ? undefined : item.kind }, replace: true })}
                  data-testid={`mail-template-${item.kind}`}
                />
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {template ? (
              <Stack gap="xs">
                <Text size="sm" c="dimmed">
                  {WHEN[template.kind]}. Now in use: {SOURCE_LABELS[template.source].toLowerCase()}.
                </Text>
                <MailTemplateEditor key={template.kind} template={template} ownSource={ownSource} />
              </Stack>
            ) : null}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
