import { Alert, FileInput, Stack, Text } from "@mantine/core";
import { useState } from "react";

import { readCsvHead, type ChosenFile } from "./csvFile";

/** Step 1: choose the CSV file; its header row is read here, in the browser. */
export function ImportFileStep({ onChosen }: { onChosen: (chosen: ChosenFile) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  const choose = async (file: File | null) => {
    setError(null);
    if (!file) return;
    setReading(true);
    try {
      onChosen(await readCsvHead(file));
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : "The file could not be read.");
    } finally {
      setReading(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm">
        Choose a CSV file of rates with a header row. CellHub, ictVoIP and UCRM files are recognised by their columns; any other layout
        can be mapped column by column in the next step.
      </Text>
      <FileInput
        label="Rate file (CSV)"
        placeholder="Choose a .csv file"
        accept=".csv,text/csv,text/plain"
        onChange={(file) => void choose(file)}
        disabled={reading}
        clearable
        data-testid="import-file"
      />
      {error ? (
        <Alert color="red" title="Could not read the file">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
