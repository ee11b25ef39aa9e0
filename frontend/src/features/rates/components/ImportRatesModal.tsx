import { Button, Group, Modal, Stack, Stepper } from "@mantine/core";
import { useState } from "react";

import { ProblemAlert } from "@/components/ProblemAlert";

import type { ImportRequest } from "../api/decks";
import { isJobFinished, useImportRates, useJob } from "../hooks/useDecks";
import { ColumnMappingStep } from "./ColumnMappingStep";
import { remapToCellhub, sourceColumnName } from "./columnMapping";
import type { ChosenFile } from "./csvFile";
import { ImportFileStep } from "./ImportFileStep";
import { ImportProgress } from "./ImportProgress";
import { initialSettings, settingsProblems, type ImportSettings } from "./importSettings";

/** What is uploaded: the file itself for a preset, or the file rewritten through the mapping. */
async function importRequest(chosen: ChosenFile, settings: ImportSettings): Promise<ImportRequest> {
  const common = { onError: settings.onError, stripPrefix: settings.stripPrefix, addPrefix: settings.addPrefix };
  if (settings.format !== "custom") return { ...common, file: chosen.file, filename: chosen.file.name, format: settings.format };
  const text = remapToCellhub(await chosen.file.text(), chosen.delimiter, settings.mapping, settings.defaults);
  return { ...common, file: new Blob([text], { type: "text/csv" }), filename: chosen.file.name, format: "cellhub" };
}

/** Import a CSV file into a deck: choose the file, map its columns, follow the job. */
export function ImportRatesModal({ deckId, opened, onClose }: { deckId: string; opened: boolean; onClose: () => void }) {
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [settings, setSettings] = useState<ImportSettings | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useImportRates(deckId);
  const job = useJob(jobId);
  const running = jobId !== null && !(job.data && isJobFinished(job.data));
  const step = jobId !== null ? 2 : chosen ? 1 : 0;

  const close = () => {
    setChosen(null);
    setSettings(null);
    setJobId(null);
    upload.reset();
    onClose();
  };
  const start = async () => {
    if (!chosen || !settings) return;
    upload.mutate(await importRequest(chosen, settings), { onSuccess: (created) => setJobId(created.id) });
  };
  const ready = chosen !== null && settings !== null && settingsProblems(chosen, settings).length === 0;
  const columnName = (column: string) => (chosen && settings?.format === "custom" ? sourceColumnName(column, chosen.header, settings.mapping) : column);

  return (
    <Modal opened={opened} onClose={running ? () => undefined : close} title="Import rates from CSV" size="xl" closeOnClickOutside={false}>
      <Stack gap="md" data-testid="import-modal">
        <Stepper active={step} size="xs" allowNextStepsSelect={false}>
          <Stepper.Step label="File" />
          <Stepper.Step label="Columns" />
          <Stepper.Step label="Import" />
        </Stepper>
        {step === 0 ? (
          <ImportFileStep
            onChosen={(file) => {
              setChosen(file);
              setSettings(initialSettings(file));
            }}
          />
        ) : null}
        {step === 1 && chosen && settings ? <ColumnMappingStep chosen={chosen} settings={settings} onChange={setSettings} /> : null}
        {step === 2 && jobId ? <ImportProgress jobId={jobId} columnName={columnName} /> : null}
        <ProblemAlert error={upload.error} title="Could not start the import" />
        <Group justify="flex-end">
          {step === 1 ? (
            <>
              <Button variant="default" onClick={() => setChosen(null)}>
                Another file
              </Button>
              <Button onClick={() => void start()} disabled={!ready} loading={upload.isPending} data-testid="start-import">
                Import
              </Button>
            </>
          ) : (
            <Button variant={step === 2 ? "filled" : "default"} onClick={close} disabled={running} data-testid="close-import">
              {step === 2 ? "Done" : "Cancel"}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
