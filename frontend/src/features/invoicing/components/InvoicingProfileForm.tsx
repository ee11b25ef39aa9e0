import { Button, FileButton, Group, Image, Paper, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { formatDateTime } from "@/lib/dates";
import { plainDecimal } from "@/lib/decimal";

import type { InvoicingProfile, InvoicingProfileUpdate } from "../api/invoicing";
import { useUpdateInvoicingProfile } from "../hooks/useInvoicing";

const TEXTS = ["name", "address", "email", "tax_id", "footer", "invoice_prefix", "credit_note_prefix", "timezone", "usage_tax_rate", "due_days", "autobill_cron"] as const;
type TextField = (typeof TEXTS)[number];
const FIELDS = [...TEXTS, "logo_url", "autobill_issue"] as const;
/** Fields the API accepts as null ("none"); the others are required. */
const NULLABLE: ReadonlySet<TextField> = new Set(["address", "email", "tax_id", "footer", "autobill_cron"]);
const MAX_LOGO_BYTES = 256 * 1024;

type Draft = Record<TextField, string> & { logo_url: string | null; autobill_issue: boolean };

function draftOf(profile: InvoicingProfile): Draft {
  return {
    name: profile.name,
    address: profile.address ?? "",
    email: profile.email ?? "",
    tax_id: profile.tax_id ?? "",
    footer: profile.footer ?? "",
    invoice_prefix: profile.invoice_prefix,
    credit_note_prefix: profile.credit_note_prefix,
    timezone: profile.timezone,
    usage_tax_rate: plainDecimal(profile.usage_tax_rate),
    due_days: String(profile.due_days),
    autobill_cron: profile.autobill_cron ?? "",
    logo_url: profile.logo_url,
    autobill_issue: profile.autobill_issue,
  };
}

export function profilePatch(profile: InvoicingProfile, draft: Draft): InvoicingProfileUpdate {
  const before = draftOf(profile);
  const patch: Record<string, unknown> = {};
  for (const field of TEXTS) {
    const value = draft[field].trim();
    if (value === before[field]) continue;
    if (field === "due_days") patch.due_days = Number(value);
    else patch[field] = value === "" && NULLABLE.has(field) ? null : value;
  }
  if (draft.logo_url !== before.logo_url) patch.logo_url = draft.logo_url;
  if (draft.autobill_issue !== before.autobill_issue) patch.autobill_issue = draft.autobill_issue;
  return patch as InvoicingProfileUpdate;
}

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("unreadable"));
    reader.readAsDataURL(file);
  });
}

/** The tenant's invoice branding, numbering, tax, payment terms and autobill schedule. */
export function InvoicingProfileForm({ profile }: { profile: InvoicingProfile }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  const [logoError, setLogoError] = useState<string | null>(null);
  useEffect(() => setDraft(draftOf(profile)), [profile]);
  const save = useUpdateInvoicingProfile();
  const patch = profilePatch(profile, draft);
  const changed = Object.keys(patch).length > 0;
  const input = (field: TextField, label: string, description?: string) => (
    <TextInput label={label} description={description} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })} error={fieldError(save.error, field, FIELDS)} data-testid={`profile-${field}`} />
  );
  const pickLogo = async (file: File | null) => {
    setLogoError(null);
    if (!file) return;
    if (!file.type.startsWith("image/")) return setLogoError("Pick an image file");
    if (file.size > MAX_LOGO_BYTES) return setLogoError("The logo may be at most 256 KiB");
    const url = await readDataUrl(file);
    setDraft((current) => ({ ...current, logo_url: url }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return;
    save.mutate(patch, { onSuccess: () => notifications.show({ color: "green", message: "Invoicing profile saved" }) });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="invoicing-profile-form">
      <Stack gap="md">
        <ProblemAlert error={save.error} fields={FIELDS} title="Could not save the profile" />
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            On the invoice
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input("name", "Company name")}
            {input("email", "E-mail")}
            {input("tax_id", "Tax id")}
            {input("timezone", "Timezone", "Where the schedule's wall clock runs")}
          </SimpleGrid>
          <Textarea mt="sm" label="Address" autosize minRows={2} value={draft.address} onChange={(e) => setDraft({ ...draft, address: e.currentTarget.value })} error={fieldError(save.error, "address", FIELDS)} />
          <Textarea mt="sm" label="Footer" autosize minRows={2} value={draft.footer} onChange={(e) => setDraft({ ...draft, footer: e.currentTarget.value })} error={fieldError(save.error, "footer", FIELDS)} />
          <Group mt="sm" gap="sm" align="center">
            {draft.logo_url ? <Image src={draft.logo_url} alt="Logo" h={48} w="auto" fit="contain" /> : <Text size="sm" c="dimmed">No logo</Text>}
            <FileButton onChange={(file) => void pickLogo(file)} accept="image/png,image/jpeg,image/svg+xml,image/gif,image/webp">
              {(props) => (
                <Button variant="light" size="xs" {...props}>
                  Choose a logo
                </Button>
              )}
            </FileButton>
            {draft.logo_url ? (
              <Button variant="subtle" size="xs" color="red" onClick={() => setDraft({ ...draft, logo_url: null })}>
                Remove
              </Button>
            ) : null}
            <Text size="xs" c={logoError ? "red" : "dimmed"}>
              {logoError ?? fieldError(save.error, "logo_url", FIELDS) ?? "Embedded in the PDF, at most 256 KiB"}
            </Text>
          </Group>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            Numbers, tax and terms
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            {input("invoice_prefix", "Invoice prefix", `Next: ${profile.invoice_prefix}${String(profile.next_invoice_number).padStart(6, "0")}`)}
            {input("credit_note_prefix", "Credit note prefix", `Next: ${profile.credit_note_prefix}${String(profile.next_credit_note_number).padStart(6, "0")}`)}
            {input("usage_tax_rate", "Tax on usage (%)", "Unless a client has its own")}
            {input("due_days", "Days to pay", "Postpaid invoices")}
          </SimpleGrid>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={4} mb="sm">
            Schedule
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input("autobill_cron", "Autobill (cron)", `Five fields on the ${draft.timezone} wall clock, e.g. "55 0 1 * *"; empty: no scheduled runs`)}
            <Stack gap={4} justify="center">
              <Switch label="Issue invoices at once" description="Off: runs leave drafts to review" checked={draft.autobill_issue} onChange={(e) => setDraft({ ...draft, autobill_issue: e.currentTarget.checked })} />
            </Stack>
          </SimpleGrid>
          <Text size="sm" c="dimmed" mt="xs" data-testid="autobill-next">
            {profile.autobill_next_at ? `Next scheduled run: ${formatDateTime(profile.autobill_next_at, { timeZone: profile.timezone })} (${profile.timezone})` : "No scheduled runs."}
          </Text>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" disabled={!changed} onClick={() => { setDraft(draftOf(profile)); save.reset(); }}>
            Undo changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!changed} data-testid="save-invoicing-profile">
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
