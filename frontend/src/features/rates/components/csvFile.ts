import { detectDelimiter, isBlankRecord, parseCsv, type Delimiter } from "@/lib/csv";

/** A CSV file chosen for import, with what its first lines say about it. */
export interface ChosenFile {
  file: File;
  delimiter: Delimiter;
  header: string[];
  /** The first few data rows, for the mapping preview. */
  preview: string[][];
}

const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;

/**
 * Read the header row and a few data rows of `file` in the browser (only its first 64 KiB:
 * a deck can be tens of megabytes). Throws when there is no header row.
 */
export async function readCsvHead(file: File): Promise<ChosenFile> {
  const head = await file.slice(0, HEAD_BYTES).text();
  // The last line of a cut-off head may be partial: drop it unless the whole file was read.
  const text = file.size > HEAD_BYTES ? head.slice(0, Math.max(head.lastIndexOf("\n"), 0)) : head;
  const delimiter = detectDelimiter(text);
  const records = parseCsv(text, delimiter, 200).filter((record) => !isBlankRecord(record));
  const [header, ...rows] = records;
  if (!header) throw new Error("The file has no header row.");
  return { file, delimiter, header: header.cells.map((cell) => cell.trim()), preview: rows.slice(0, PREVIEW_ROWS).map((row) => row.cells) };
}

export const DELIMITER_LABELS: Record<Delimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };

/** A job's row error, as GET /api/v1/jobs/{id} reports it. */
export interface JobRowError {
  line: number | null;
  field: string | null;
  message: string;
}

export function jobRowErrors(errors: readonly Record<string, unknown>[]): JobRowError[] {
  return errors.map((error) => ({
    line: typeof error.line === "number" ? error.line : null,
    field: typeof error.field === "string" ? error.field : null,
    message: typeof error.message === "string" ? error.message : JSON.stringify(error),
  }));
}
