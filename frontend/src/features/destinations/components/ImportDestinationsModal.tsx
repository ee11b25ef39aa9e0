import { Alert, Button, FileInput, Group, Modal, Radio, Stack, Text } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { ProblemAlert } from "@/components/ProblemAlert";

import type { DestinationImportMode } from "../api/destinations";
import { useImportDestinations } from "../hooks/useDestinations";

/**
 * Load the prefix table from a `prefix,destination[,country][,type]` CSV. The API checks every
 * line first: one bad line and nothing changes, and the problem lists each bad line.
 */
export function ImportDestinationsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<DestinationImportMode>("merge");
  const load = useImportDestinations();
  const close = () => {
    load.reset();
    setFile(null);
    setMode("merge");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) load.mutate({ file, mode });
  };
  return (
    <Modal opened={opened} onClose={close} title="Import destinations">
      <form onSubmit={submit} noValidate data-testid="destinations-import-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            A CSV with the columns <b>prefix,destination</b> and optionally <b>country</b> and <b>type</b>.
          </Text>
          <FileInput label="CSV file" placeholder="Choose a file" accept=".csv,text/csv" value={file} onChange={(chosen) => { load.reset(); setFile(chosen); }} clearable data-testid="destinations-file" />
          <Radio.Group label="Prefixes not in the file" value={mode} onChange={(value) => setMode(value === "replace" ? "replace" : "merge")}>
            <Stack gap={4} mt={4}>
              <Radio value="merge" label="Keep them (add and update only)" />
              <Radio value="replace" label="Delete them (the file becomes the whole table)" />
            </Stack>
          </Radio.Group>
          <ProblemAlert error={load.error} title="Nothing was imported" />
          {load.data ? (
            <Alert color="green" title="Imported" data-testid="destinations-import-result">
              {load.data.rows} rows: {load.data.created} added, {load.data.updated} updated, {load.data.deleted} deleted.
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {load.data ? "Close" : "Cancel"}
            </Button>
            {load.data ? null : (
              <Button type="submit" loading={load.isPending} disabled={file === null} data-testid="start-destinations-import">
                Import
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
