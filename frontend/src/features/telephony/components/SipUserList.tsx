import { notifications } from "@mantine/notifications";
import { useState } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";

import type { SipUser } from "../api/telephony";
import { useDeleteSipUser, useRotateSipSecret, useUpdateSipUser } from "../hooks/useTelephony";
import { SecretOnceModal } from "./SecretOnceModal";
import { SipUserFormModal } from "./SipUserFormModal";
import { SipUsersTable } from "./SipUsersTable";

type Pending = { kind: "rotate" | "delete"; sipUser: SipUser } | null;

function useConfirmed(pending: Pending, done: (revealed: SipUser | null) => void) {
  const rotate = useRotateSipSecret();
  const remove = useDeleteSipUser();
  const mutation = pending?.kind === "delete" ? remove : rotate;
  const confirm = () => {
    if (!pending) return;
    if (pending.kind === "rotate") rotate.mutate(pending.sipUser.id, { onSuccess: (rotated) => done(rotated) });
    else remove.mutate(pending.sipUser.id, { onSuccess: () => done(null) });
  };
  const reset = () => {
    rotate.reset();
    remove.reset();
  };
  return { confirm, reset, loading: mutation.isPending, error: mutation.error };
}

/** The SIP users table with what staff and resellers do to a row: edit, suspend, rotate, delete. */
export function SipUserList({ sipUsers, manage }: { sipUsers: readonly SipUser[]; manage: boolean }) {
  const [editing, setEditing] = useState<SipUser | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [revealed, setRevealed] = useState<SipUser | null>(null);
  const update = useUpdateSipUser();
  const confirmed = useConfirmed(pending, (shown) => {
    setPending(null);
    setRevealed(shown);
  });
  const toggle = (sipUser: SipUser) => {
    const status = sipUser.status === "active" ? "suspended" : "active";
    update.mutate(
      { id: sipUser.id, body: { status } },
      {
        onSuccess: () => notifications.show({ color: "green", message: `${sipUser.username} is ${status}` }),
        onError: (error) => notifications.show({ color: "red", message: error.message }),
      },
    );
  };
  const actions = { onEdit: setEditing, onToggle: toggle, onRotate: (sipUser: SipUser) => setPending({ kind: "rotate", sipUser }), onDelete: (sipUser: SipUser) => setPending({ kind: "delete", sipUser }) };

  return (
    <>
      <SipUsersTable sipUsers={sipUsers} actions={manage ? actions : undefined} />
      <SipUserFormModal opened={editing !== null} sipUser={editing} ownerId={undefined} onClose={() => setEditing(null)} onCreated={() => undefined} />
      <ConfirmModal
        opened={pending !== null}
        title={pending?.kind === "rotate" ? "Rotate secret" : "Delete SIP user"}
        confirmLabel={pending?.kind === "rotate" ? "Rotate secret" : "Delete SIP user"}
        loading={confirmed.loading}
        error={confirmed.error}
        onClose={() => {
          confirmed.reset();
          setPending(null);
        }}
        onConfirm={confirmed.confirm}
      >
        {pending?.kind === "rotate"
          ? `A new secret replaces the current one: phones registered as ${pending.sipUser.username} stop working until they get it.`
          : `Delete ${pending?.sipUser.username ?? ""}? Its phones can no longer register or call.`}
      </ConfirmModal>
      <SecretOnceModal sipUser={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}
