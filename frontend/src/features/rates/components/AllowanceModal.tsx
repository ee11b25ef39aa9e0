import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";

import { ALLOWANCE_PERIODS, type Allowance, type AllowancePatch, type AllowancePeriod } from "../api/bundles";
import { useCreateAllowance, useUpdateAllowance } from "../hooks/useBundles";
import { allowanceSeconds, allowanceText } from "./bundleInput";

const FIELDS = ["group_id", "seconds", "period"] as const;

export interface GroupChoice {
  value: string;
  label: string;
}

const PERIOD_LABELS: Record<AllowancePeriod, string> = { monthly: "Monthly", weekly: "Weekly (Monday to Monday)", daily: "Daily" };

/**
 * Add an allowance (allowance = null) or change one. The group of an allowance is fixed (the API
 * patches only its size and period): to move minutes to another group, add an allowance there.
 */
export function AllowanceModal({ planId, allowance, groups, opened, onClose }: { planId: string; allowance: Allowance | null; groups: readonly GroupChoice[]; opened: boolean; onClose: () => void }) {
  const [groupId, setGroupId] = useState<string | null>(null);
  const [minutes, setMinutes] = useState("");
  const [period, setPeriod] = useState<AllowancePeriod>("monthly");
  useEffect(() => {
    setGroupId(allowance?.group_id ?? null);
    setMinutes(allowance ? allowanceText(allowance.seconds) : "");
    setPeriod((allowance?.period as AllowancePeriod | undefined) ?? "monthly");
  }, [allowance, opened]);
  const create = useCreateAllowance(planId);
  const update = useUpdateAllowance(planId);
  const mutation = allowance ? update : create;
  const seconds = allowanceSeconds(minutes);
  const error = (field: (typeof FIELDS)[number]) => fieldError(mutation.error, field, FIELDS);
  const minutesError = minutes.trim() !== "" && seconds === null ? "Minutes (240, 1.5) or minutes:seconds (1:30)" : error("seconds");

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (seconds === null) return;
    if (allowance) {
      const patch: AllowancePatch = {};
      if (seconds !== allowance.seconds) patch.seconds = seconds;
      if (period !== allowance.period) patch.period = period;
      update.mutate({ id: allowance.id, body: patch }, { onSuccess: close });
    } else if (groupId) {
      create.mutate({ group_id: groupId, seconds, period }, { onSuccess: close });
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={allowance ? `Edit the ${allowance.group} allowance` : "New allowance"}>
      <form onSubmit={submit} noValidate data-testid="allowance-form">
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} fields={FIELDS} title="Could not save the allowance" />
          <Select
            label="Destination group"
            description={allowance ? "Fixed: add another allowance for another group" : "Calls to its prefixes draw from the allowance"}
            required
            searchable
            data={allowance ? [{ value: allowance.group_id, label: allowance.group }] : groups}
            value={groupId}
            onChange={setGroupId}
            disabled={allowance !== null}
            error={error("group_id")}
            nothingFoundMessage="No such group"
            data-testid="allowance-group"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label="Included minutes"
              description="240, 1.5 or 1:30"
              required
              inputMode="decimal"
              value={minutes}
              onChange={(e) => setMinutes(e.currentTarget.value)}
              error={minutesError}
              data-testid="allowance-minutes"
            />
            <Select
              label="Period"
              description="In each client's own timezone"
              required
              allowDeselect={false}
              data={ALLOWANCE_PERIODS.map((value) => ({ value, label: PERIOD_LABELS[value] }))}
              value={period}
              onChange={(value) => value && setPeriod(value as AllowancePeriod)}
              error={error("period")}
              data-testid="allowance-period"
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={seconds === null || (!allowance && !groupId)}>
              {allowance ? "Save allowance" : "Add allowance"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
