import { Badge, Box, Button, Group, Table, Text } from "@mantine/core";
import { useState } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";

import type { Allowance } from "../api/bundles";
import { useAllowances, useDeleteAllowance } from "../hooks/useBundles";
import { AllowanceModal, type GroupChoice } from "./AllowanceModal";
import { allowanceLabel } from "./bundleInput";

function AllowancesTable({ allowances, onEdit, onDelete }: { allowances: readonly Allowance[]; onEdit: (allowance: Allowance) => void; onDelete: (allowance: Allowance) => void }) {
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped verticalSpacing="xs" data-testid="allowances-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Destination group</Table.Th>
            <Table.Th>Included</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {allowances.map((allowance) => (
            <Table.Tr key={allowance.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {allowance.group}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                    {allowanceLabel(allowance.seconds)}
                  </Text>
                  <Badge variant="light" size="sm">
                    {allowance.period}
                  </Badge>
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onEdit(allowance)}>
                    Edit
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(allowance)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A plan's included minutes, one allowance per destination group: list, add, edit, delete. */
export function AllowancesPanel({ planId, groups }: { planId: string; groups: readonly GroupChoice[] }) {
  const allowances = useAllowances(planId);
  const [editing, setEditing] = useState<Allowance | null | "new">(null);
  const [deleting, setDeleting] = useState<Allowance | null>(null);
  const remove = useDeleteAllowance(planId);
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  const used = new Set((allowances.data ?? []).map((allowance) => allowance.group_id));
  return (
    <Box>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Text size="sm" c="dimmed" maw={560}>
          Calls to a group draw its minutes first (the longest matching prefix wins); what runs over is charged at the rate.
        </Text>
        <Button size="sm" onClick={() => setEditing("new")} data-testid="new-allowance">
          New allowance
        </Button>
      </Group>
      {allowances.isPending ? (
        <LoadingState />
      ) : allowances.isError ? (
        <ErrorState error={allowances.error} onRetry={() => void allowances.refetch()} />
      ) : allowances.data.length === 0 ? (
        <EmptyState title="No included minutes" description="Add an allowance: minutes to a destination group each month, week or day." />
      ) : (
        <AllowancesTable allowances={allowances.data} onEdit={setEditing} onDelete={setDeleting} />
      )}
      <AllowanceModal
        planId={planId}
        allowance={editing === "new" ? null : editing}
        groups={groups.filter((group) => !used.has(group.value))}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete allowance"
        confirmLabel="Delete allowance"
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        Delete the <b>{deleting?.group}</b> allowance? Its clients' counters for this period go with it.
      </ConfirmModal>
    </Box>
  );
}
