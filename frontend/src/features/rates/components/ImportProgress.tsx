import { Alert, Group, Progress, Stack, Table, Text } from "@mantine/core";

import { ErrorState } from "@/components/States";

import type { Job } from "../api/decks";
import { isJobFinished, useJob } from "../hooks/useDecks";
import { jobRowErrors } from "./csvFile";

function percentOf(job: Job): number | null {
  if (job.status === "succeeded") return 100;
  if (!job.rows_total) return null;
  return Math.min(100, Math.round((job.rows_done / job.rows_total) * 100));
}

function JobBar({ job }: { job: Job }) {
  const percent = percentOf(job);
  const finished = isJobFinished(job);
  const color = job.status === "failed" ? "red" : finished ? "green" : "blue";
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={600} data-testid="import-status">
          {job.status === "queued" ? "Waiting for a worker…" : job.status === "running" ? "Importing…" : job.status === "succeeded" ? "Import finished" : "Import failed"}
        </Text>
        <Text size="sm" c="dimmed">
          {job.rows_done}
          {job.rows_total !== null ? ` of ${job.rows_total}` : ""} rows
        </Text>
      </Group>
      <Progress
        value={percent ?? 100}
        striped={!finished}
        animated={!finished}
        color={color}
        size="lg"
        aria-label="Import progress"
        aria-valuenow={percent ?? undefined}
        data-testid="import-progress"
      />
    </Stack>
  );
}

function JobResult({ job }: { job: Job }) {
  const result = job.result ?? {};
  const version = typeof result.version === "number" ? result.version : null;
  const rates = typeof result.rates === "number" ? result.rates : null;
  const skipped = typeof result.skipped === "number" ? result.skipped : 0;
  if (job.status === "succeeded") {
    return (
      <Alert color="green" title={version !== null ? `Version ${version} is live` : "Imported"} data-testid="import-result">
        {rates ?? job.rows_done} rates imported{skipped > 0 ? `; ${skipped} bad ${skipped === 1 ? "row was" : "rows were"} skipped (listed below)` : ""}.
      </Alert>
    );
  }
  return (
    <Alert color="red" title="Nothing was imported" data-testid="import-result">
      {job.detail ?? "The file was rejected."}
    </Alert>
  );
}

function RowErrors({ job, columnName }: { job: Job; columnName: (column: string) => string }) {
  const errors = jobRowErrors(job.errors);
  if (errors.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={300} mah={260}>
      <Table striped fz="sm" verticalSpacing={4} data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((error, at) => (
            <Table.Tr key={at}>
              <Table.Td>{error.line ?? "—"}</Table.Td>
              <Table.Td>{error.field ? columnName(error.field) : "—"}</Table.Td>
              <Table.Td>{error.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {job.errors_truncated ? (
        <Text size="xs" c="dimmed" mt={4}>
          Only the first {errors.length} problems are listed.
        </Text>
      ) : null}
    </Table.ScrollContainer>
  );
}

/** Step 3: the job's progress while it runs (polled), then its result and the bad rows. */
export function ImportProgress({ jobId, columnName }: { jobId: string; columnName: (column: string) => string }) {
  const job = useJob(jobId);
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} title="Could not follow the import" />;
  if (job.isPending) return <Progress value={100} striped animated size="lg" aria-label="Import progress" data-testid="import-progress" />;
  return (
    <Stack gap="md" data-testid="import-job">
      <JobBar job={job.data} />
      {isJobFinished(job.data) ? <JobResult job={job.data} /> : null}
      <RowErrors job={job.data} columnName={columnName} />
    </Stack>
  );
}
