/**
 * A small RFC 4180 CSV reader and writer for files read in the browser (rate decks before an
 * upload). Every record keeps the line it starts on, so what the server later reports "at line
 * N" can be matched to the file the user chose.
 */

export type Delimiter = "," | ";" | "\t";

export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t"];

export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  line: number;
  /** How many physical lines the record spans (more than 1 when a quoted cell holds newlines). */
  lines: number;
  cells: string[];
}

/** The delimiter of a file, guessed from its first line: the candidate that occurs most. */
export function detectDelimiter(text: string): Delimiter {
  const first = text.replace(/^\ufeff/, "").split(/\r?\n/, 1)[0] ?? "";
  let best: Delimiter = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = first.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Read CSV text into records. A blank line is a record with no cells (kept, so line numbers
 * stay right). A leading byte-order mark is dropped; CRLF and LF endings both work.
 * `maxRecords` stops early (a preview needs only the first few rows of a large file).
 */
export function parseCsv(text: string, delimiter: Delimiter = ",", maxRecords = Infinity): CsvRecord[] {
  const source = text.replace(/^\ufeff/, "");
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  let sawAny = false;

  const endRecord = () => {
    if (sawAny || cell !== "" || cells.length > 0) cells.push(cell);
    records.push({ line: start, lines: line - start + 1, cells });
    cells = [];
    cell = "";
    sawAny = false;
  };

  while (i < source.length && records.length < maxRecords) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (char === "\n") line += 1;
        cell += char;
      }
      i += 1;
      continue;
    }
    if (char === '"') {
      quoted = true;
      sawAny = true;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = "";
      sawAny = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      start = line;
    } else {
      cell += char;
    }
    i += 1;
  }
  if (records.length < maxRecords && (cell !== "" || cells.length > 0 || sawAny)) endRecord();
  return records;
}

/** A record with no cells, or only empty ones: what a CSV reader skips as a blank line. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === "");
}

/** One CSV row: a cell is quoted when it holds the delimiter, a quote or a line break. */
export function formatCsvRow(cells: readonly string[], delimiter: Delimiter = ","): string {
  return cells
    .map((cell) => (cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell))
    .join(delimiter);
}

/**
 * The form a header name is compared in, as the server compares it: no byte-order mark, no
 * surrounding spaces, no trailing "(unit)", case-insensitive. "Price (EUR)" is "price".
 */
export function headerKey(name: string): string {
  let key = name.replaceAll("\ufeff", "").trim();
  if (key.endsWith(")") && key.includes("(")) key = key.slice(0, key.lastIndexOf("(")).trim();
  return key.toLowerCase();
}
