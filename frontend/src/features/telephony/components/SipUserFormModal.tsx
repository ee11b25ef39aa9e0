import { Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { ClientSelect } from "@/components/ClientSelect";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { SipUser, SipUserCreate, SipUserPatch } from "../api/telephony";
import { useCreateSipUser, useUpdateSipUser } from "../hooks/useTelephony";
import { listFromText, textFromList } from "./lists";

const FIELDS = ["owner_id", "username", "secret", "caller_id_name", "caller_id_number", "account_code", "max_concurrent_calls", "allowed_cidrs", "restricted_prefixes"] as const;
type Field = (typeof FIELDS)[number];

interface Draft {
  ownerId: string | undefined;
  username: string;
  secret: string;
  callerIdName: string;
  callerIdNumber: string;
  accountCode: string;
  maxCalls: string;
  allowedCidrs: string;
  restrictedPrefixes: string;
}

function draftOf(sipUser: SipUser | null, ownerId: string | undefined): Draft {
  return {
    ownerId: sipUser?.owner_id ?? ownerId,
    username: sipUser?.username ?? "",
    secret: "",
    callerIdName: sipUser?.caller_id_name ?? "",
    callerIdNumber: sipUser?.caller_id_number ?? "",
    accountCode: sipUser?.account_code ?? "",
    maxCalls: sipUser?.max_concurrent_calls?.toString() ?? "",
    allowedCidrs: textFromList(sipUser?.allowed_cidrs ?? []),
    restrictedPrefixes: textFromList(sipUser?.restricted_prefixes ?? []),
  };
}

/** The fields both create and change send. */
function commonOf(draft: Draft): SipUserPatch {
  return {
    username: draft.username.trim(),
    caller_id_name: draft.callerIdName.trim() || null,
    caller_id_number: draft.callerIdNumber.trim() || null,
    account_code: draft.accountCode.trim() || null,
    max_concurrent_calls: draft.maxCalls.trim() ? Number.parseInt(draft.maxCalls, 10) : null,
    allowed_cidrs: listFromText(draft.allowedCidrs),
    restricted_prefixes: listFromText(draft.restrictedPrefixes),
  };
}

/**
 * Create a SIP user for a client (sipUser = null) or change one. On create the answer holds
 * the secret (generated when left empty): `onCreated` shows it once.
 */
export function SipUserFormModal({ opened, sipUser, ownerId, onClose, onCreated }: { opened: boolean; sipUser: SipUser | null; ownerId: string | undefined; onClose: () => void; onCreated: (created: SipUser) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(sipUser, ownerId));
  useEffect(() => setDraft(draftOf(sipUser, ownerId)), [sipUser, ownerId, opened]);
  const create = useCreateSipUser();
  const update = useUpdateSipUser();
  const mutation = sipUser ? update : create;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: Field) => fieldError(mutation.error, field, FIELDS);
  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sipUser) {
      update.mutate({ id: sipUser.id, body: commonOf(draft) }, { onSuccess: close });
      return;
    }
    const body: SipUserCreate = { ...commonOf(draft), owner_id: draft.ownerId ?? "", username: draft.username.trim(), secret: draft.secret || null };
    create.mutate(body, {
      onSuccess: (created) => {
        close();
        onCreated(created);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={sipUser ? `Edit ${sipUser.username}` : "New SIP user"} size="lg">
      <form onSubmit={submit} noValidate data-testid="sip-user-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the SIP user" />
          {sipUser ? null : <ClientSelect value={draft.ownerId} onChange={(id) => set("ownerId", id)} required error={error("owner_id")} data-testid="sip-owner" />}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Username" required description="3–64 letters, digits, . _ -" value={draft.username} onChange={(e) => set("username", e.currentTarget.value)} error={error("username")} />
            {sipUser ? null : (
              <TextInput label="Secret" description="Leave empty to generate one" value={draft.secret} onChange={(e) => set("secret", e.currentTarget.value)} error={error("secret")} autoComplete="off" />
            )}
            <TextInput label="Caller ID name" value={draft.callerIdName} onChange={(e) => set("callerIdName", e.currentTarget.value)} error={error("caller_id_name")} />
            <TextInput label="Caller ID number" value={draft.callerIdNumber} onChange={(e) => set("callerIdNumber", e.currentTarget.value)} error={error("caller_id_number")} />
            <TextInput label="Account code" value={draft.accountCode} onChange={(e) => set("accountCode", e.currentTarget.value)} error={error("account_code")} />
            <TextInput label="Calls at once" description="Empty: no limit" inputMode="numeric" value={draft.maxCalls} onChange={(e) => set("maxCalls", e.currentTarget.value)} error={error("max_concurrent_calls")} />
            <Textarea label="Allowed IP ranges" description="One CIDR per line; empty: anywhere" autosize minRows={2} value={draft.allowedCidrs} onChange={(e) => set("allowedCidrs", e.currentTarget.value)} error={error("allowed_cidrs")} />
            <Textarea label="Restricted prefixes" description="One prefix per line" autosize minRows={2} value={draft.restrictedPrefixes} onChange={(e) => set("restrictedPrefixes", e.currentTarget.value)} error={error("restricted_prefixes")} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!draft.username.trim() || (!sipUser && !draft.ownerId)}>
              {sipUser ? "Save" : "Create SIP user"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
