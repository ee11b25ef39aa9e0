import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { TimezoneSelect } from "@/components/LocaleSelects";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import type { QuoteRequest } from "../api/quote";
import { useQuote } from "../hooks/useClientRates";
import { useDeckChoices, usePlanChoices } from "../hooks/usePlans";
import { ClientSelect } from "@/components/ClientSelect";
import { QuoteBreakdown } from "./QuoteBreakdown";

const FIELDS = ["number", "duration", "start_time", "client_id", "plan_id", "deck_id", "country_code", "exit_code", "trunk_prefix", "timezone"] as const;
type Basis = "client" | "plan" | "deck";

interface Draft {
  basis: Basis;
  targetId: string | undefined;
  number: string;
  duration: string;
  startTime: string;
  countryCode: string;
  exitCode: string;
  trunkPrefix: string;
  timezone: string;
}

/** The request for a draft. The start is read in the browser's own timezone and sent as an instant. */
function requestOf(draft: Draft): QuoteRequest {
  const request: QuoteRequest = { number: draft.number.trim(), duration: Number.parseInt(draft.duration, 10) || 0 };
  if (draft.startTime) request.start_time = new Date(draft.startTime).toISOString();
  if (draft.basis === "client") request.client_id = draft.targetId;
  if (draft.basis === "plan") request.plan_id = draft.targetId;
  if (draft.basis === "deck") {
    request.deck_id = draft.targetId;
    request.country_code = draft.countryCode.trim();
    request.exit_code = draft.exitCode.trim();
    request.trunk_prefix = draft.trunkPrefix.trim();
  }
  request.timezone = draft.timezone;
  return request;
}

function TargetSelect({ draft, onChange, error }: { draft: Draft; onChange: (id: string | undefined) => void; error: (field: (typeof FIELDS)[number]) => string | undefined }) {
  const plans = usePlanChoices(draft.basis === "plan");
  const decks = useDeckChoices(draft.basis === "deck");
  if (draft.basis === "client") return <ClientSelect value={draft.targetId} onChange={onChange} error={error("client_id")} required data-testid="quote-client" />;
  const items = draft.basis === "plan" ? (plans.data?.items ?? []) : (decks.data?.items ?? []);
  return (
    <Select
      label={draft.basis === "plan" ? "Plan" : "Rate deck"}
      required
      searchable
      data={items.map((item) => ({ value: item.id, label: item.name }))}
      value={draft.targetId ?? null}
      onChange={(id) => onChange(id ?? undefined)}
      error={error(draft.basis === "plan" ? "plan_id" : "deck_id")}
      data-testid="quote-target"
    />
  );
}

/** "What does this call cost?": price a number and a duration for a client, a plan or a deck. */
export function QuoteForm({ timeZone }: { timeZone: string }) {
  const [draft, setDraft] = useState<Draft>({ basis: "deck", targetId: undefined, number: "", duration: "60", startTime: "", countryCode: "1", exitCode: "011", trunkPrefix: "", timezone: timeZone });
  const quote = useQuote();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: (typeof FIELDS)[number]) => fieldError(quote.error, field, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    quote.mutate(requestOf(draft));
  };

  return (
    <Stack gap="md">
      <form onSubmit={submit} noValidate data-testid="quote-form">
        <Stack gap="sm">
          <ProblemAlert error={quote.error} fields={FIELDS} title="Could not price this call" />
          <SegmentedControl
            value={draft.basis}
            onChange={(basis) => setDraft((current) => ({ ...current, basis: basis === "client" ? "client" : basis === "plan" ? "plan" : "deck", targetId: undefined }))}
            data={[
              { value: "deck", label: "A deck" },
              { value: "plan", label: "A plan" },
              { value: "client", label: "A client" },
            ]}
            data-testid="quote-basis"
          />
          <TargetSelect draft={draft} onChange={(id) => set("targetId", id)} error={error} />
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <TextInput label="Number" placeholder="+44 20 7946 0000" required value={draft.number} onChange={(e) => set("number", e.currentTarget.value)} error={error("number")} />
            <TextInput label="Duration (s)" required inputMode="numeric" value={draft.duration} onChange={(e) => set("duration", e.currentTarget.value)} error={error("duration")} />
            <TextInput label="Start (optional)" type="datetime-local" value={draft.startTime} onChange={(e) => set("startTime", e.currentTarget.value)} error={error("start_time")} />
            {draft.basis === "deck" ? (
              <>
                <TextInput label="Country code" value={draft.countryCode} onChange={(e) => set("countryCode", e.currentTarget.value)} error={error("country_code")} />
                <TextInput label="Exit code" value={draft.exitCode} onChange={(e) => set("exitCode", e.currentTarget.value)} error={error("exit_code")} />
                <TextInput label="Trunk prefix" value={draft.trunkPrefix} onChange={(e) => set("trunkPrefix", e.currentTarget.value)} error={error("trunk_prefix")} />
              </>
            ) : null}
            {draft.basis !== "client" ? <TimezoneSelect value={draft.timezone} onChange={(value) => set("timezone", value)} error={error("timezone")} /> : null}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={quote.isPending} disabled={!draft.targetId || !draft.number.trim()} data-testid="quote-submit">
              Price the call
            </Button>
          </Group>
        </Stack>
      </form>
      {quote.data ? <QuoteBreakdown quote={quote.data} /> : null}
    </Stack>
  );
}
