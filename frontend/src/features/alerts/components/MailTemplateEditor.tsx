import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Tooltip, UnstyledButton } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef, useState, type FormEvent } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { MailTemplate, MailTemplateSource } from "../api/mailTemplates";
import { useResetMailTemplate, useSaveMailTemplate } from "../hooks/useMailTemplates";
import { insertPlaceholder, unknownPlaceholders } from "./templateText";

const FIELDS = ["subject", "text_body", "html_body"] as const;
type Field = (typeof FIELDS)[number];
type Draft = Record<Field, string>;

export const KIND_LABELS: Record<MailTemplate["kind"], string> = {
  low_credit: "Low credit",
  spend_cap: "Spend cap reached",
  invoice_issued: "Invoice issued",
};

export const SOURCE_LABELS: Record<MailTemplateSource, string> = {
  tenant: "Your wording",
  platform: "Platform wording",
  default: "Default wording",
};

function draftOf(template: MailTemplate): Draft {
  return { subject: template.subject, text_body: template.text_body, html_body: template.html_body ?? "" };
}

/**
 * One alert's wording: subject, text body and optional HTML body, with the kind's variables to
 * insert at the caret. `ownSource` is what the caller's own saved wording is called (`platform`
 * for an admin, `tenant` for a reseller): only that can be reset.
 */
export function MailTemplateEditor({ template, ownSource }: { template: MailTemplate; ownSource: MailTemplateSource }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [resetting, setResetting] = useState(false);
  // Keyed on the content, not the object: a background refetch of the same wording keeps what is being typed.
  const saved = JSON.stringify(draftOf(template));
  useEffect(() => setDraft(JSON.parse(saved) as Draft), [saved]);
  const save = useSaveMailTemplate(template.kind);
  const reset = useResetMailTemplate(template.kind);
  const inputs = { subject: useRef<HTMLInputElement>(null), text_body: useRef<HTMLTextAreaElement>(null), html_body: useRef<HTMLTextAreaElement>(null) };
  const lastField = useRef<Field>("text_body");
  const changed = FIELDS.some((field) => draft[field] !== draftOf(template)[field]);
  const unknown = unknownPlaceholders(`${draft.subject}\n${draft.text_body}\n${draft.html_body}`, template.variables);
  const error = (field: Field) => fieldError(save.error, field, FIELDS);

  const insert = (name: string) => {
    const field = lastField.current;
    const element = inputs[field].current;
    const at = insertPlaceholder(draft[field], element?.selectionStart ?? draft[field].length, element?.selectionEnd ?? draft[field].length, name);
    setDraft((current) => ({ ...current, [field]: at.text }));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(at.caret, at.caret);
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { subject: draft.subject, text_body: draft.text_body, html_body: draft.html_body.trim() ? draft.html_body : null },
      { onSuccess: () => notifications.show({ color: "green", message: `${KIND_LABELS[template.kind]} wording saved` }) },
    );
  };
  const closeReset = () => {
    reset.reset();
    setResetting(false);
  };
  const track = (field: Field) => ({ onFocus: () => (lastField.current = field) });

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="mail-template-form">
        <Stack gap="sm">
          <ProblemAlert error={save.error} fields={FIELDS} title="Could not save the wording" />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Variables
            </Text>
            <Text size="xs" c="dimmed">
              Click one to insert it where the cursor is. Placeholders are written {"{{ name }}"}.
            </Text>
            <Group gap={6} data-testid="template-variables">
              {template.variables.map((name) => (
                <UnstyledButton key={name} onClick={() => insert(name)} aria-label={`Insert ${name}`}>
                  <Badge variant="light" tt="none" style={{ cursor: "pointer" }}>
                    {name}
                  </Badge>
                </UnstyledButton>
              ))}
            </Group>
          </Stack>
          {unknown.length > 0 ? (
            <Alert color="yellow" title="Unknown variables" data-testid="unknown-variables">
              {unknown.join(", ")} {unknown.length === 1 ? "is not a variable" : "are not variables"} of this alert: saving will be refused.
            </Alert>
          ) : null}
          <TextInput ref={inputs.subject} label="Subject" required value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })} error={error("subject")} {...track("subject")} />
          <Textarea
            ref={inputs.text_body}
            label="Text body"
            required
            autosize
            minRows={6}
            maxRows={18}
            value={draft.text_body}
            onChange={(e) => setDraft({ ...draft, text_body: e.currentTarget.value })}
            error={error("text_body")}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            {...track("text_body")}
          />
          <Textarea
            ref={inputs.html_body}
            label="HTML body"
            description="Optional: sent beside the text; values are escaped"
            autosize
            minRows={3}
            maxRows={18}
            value={draft.html_body}
            onChange={(e) => setDraft({ ...draft, html_body: e.currentTarget.value })}
            error={error("html_body")}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
            {...track("html_body")}
          />
          <Group justify="space-between" wrap="wrap">
            <Tooltip label="Nothing of yours to reset" disabled={template.source === ownSource}>
              <Button variant="subtle" color="red" disabled={template.source !== ownSource} onClick={() => setResetting(true)} data-testid="reset-template">
                {ownSource === "tenant" ? "Reset to the platform's wording" : "Reset to default"}
              </Button>
            </Tooltip>
            <Group gap="xs">
              <Button variant="default" disabled={!changed} onClick={() => setDraft(draftOf(template))}>
                Discard changes
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!changed || !draft.subject.trim() || !draft.text_body.trim()} data-testid="save-template">
                Save wording
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={resetting}
        title="Reset the wording"
        confirmLabel="Reset"
        loading={reset.isPending}
        error={reset.error}
        onClose={closeReset}
        onConfirm={() => reset.mutate(undefined, { onSuccess: closeReset })}
      >
        Drop your wording of <b>{KIND_LABELS[template.kind]}</b>? {ownSource === "tenant" ? "The platform's wording, or the default," : "The shipped default"} applies again.
      </ConfirmModal>
    </Paper>
  );
}
