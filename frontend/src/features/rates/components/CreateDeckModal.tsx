import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { Deck, DeckKind } from "../api/decks";
import { useCreateDeck } from "../hooks/useDecks";

const FIELDS = ["name", "kind", "currency", "description"] as const;

interface Draft {
  name: string;
  kind: DeckKind;
  currency: string;
  description: string;
}

const EMPTY: Draft = { name: "", kind: "sell", currency: "USD", description: "" };

/** A new, empty deck: its rates come from a CSV import on the deck's page. */
export function CreateDeckModal({ opened, onClose, onCreated, currency }: { opened: boolean; onClose: () => void; onCreated: (deck: Deck) => void; currency: string }) {
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, currency });
  const create = useCreateDeck();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: (typeof FIELDS)[number]) => fieldError(create.error, field, FIELDS);

  const close = () => {
    create.reset();
    setDraft({ ...EMPTY, currency });
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: draft.name.trim(), kind: draft.kind, currency: draft.currency.trim().toUpperCase(), description: draft.description.trim() || null },
      {
        onSuccess: (deck) => {
          close();
          onCreated(deck);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New rate deck">
      <form onSubmit={submit} noValidate data-testid="create-deck-form">
        <Stack gap="sm">
          <ProblemAlert error={create.error} fields={FIELDS} title="Could not create the deck" />
          <TextInput label="Name" required value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} error={error("name")} data-autofocus />
          <Select
            label="Kind"
            allowDeselect={false}
            value={draft.kind}
            onChange={(kind) => set("kind", kind === "buy" ? "buy" : "sell")}
            data={[
              { value: "sell", label: "Sell — what clients pay" },
              { value: "buy", label: "Buy — what a carrier charges" },
            ]}
            error={error("kind")}
          />
          <TextInput
            label="Currency"
            description="ISO 4217 code"
            maxLength={3}
            required
            value={draft.currency}
            onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())}
            error={error("currency")}
          />
          <Textarea label="Description" autosize minRows={2} value={draft.description} onChange={(e) => set("description", e.currentTarget.value)} error={error("description")} />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!draft.name.trim() || draft.currency.length !== 3}>
              Create deck
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
