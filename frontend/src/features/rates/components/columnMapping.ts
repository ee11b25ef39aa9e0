import { formatCsvRow, headerKey, isBlankRecord, parseCsv, type CsvRecord, type Delimiter } from "@/lib/csv";

/** The formats the import API reads (`format` of POST /rate-decks/{id}/imports). */
export const IMPORT_FORMATS = ["cellhub", "ictvoip", "ucrm"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Each preset's columns, as the server's presets name them (backend ratedecks/csv_formats.py).
 * The server wants every one of them and no other column.
 */
export const PRESET_COLUMNS: Record<ImportFormat, readonly string[]> = {
  cellhub: ["prefix", "destination", "rate", "initblock", "billingblock", "connectcharge"],
  ictvoip: ["Description", "Prefix", "RateValue", "Increment"],
  ucrm: ["TargetName", "TargetPrefix", "Price", "billingblock", "billpercall", "allowed", "latebill"],
};

export const PRESET_LABELS: Record<ImportFormat, string> = {
  cellhub: "CellHub (prefix, destination, rate, initblock, billingblock, connectcharge)",
  ictvoip: "ictVoIP (Description, Prefix, RateValue, Increment)",
  ucrm: "UCRM (TargetName, TargetPrefix, Price, billingblock, billpercall, allowed, latebill)",
};

/** The rate fields a custom mapping can feed; the file is rewritten into CellHub's columns. */
export const MAPPED_FIELDS = ["prefix", "destination", "rate_per_minute", "connect_fee", "initial_block", "increment"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const FIELD_LABELS: Record<MappedField, string> = {
  prefix: "Prefix",
  destination: "Destination",
  rate_per_minute: "Rate per minute",
  connect_fee: "Connect fee",
  initial_block: "Initial block (s)",
  increment: "Increment (s)",
};

export const REQUIRED_FIELDS: readonly MappedField[] = ["prefix", "rate_per_minute"];

/** The CellHub column each field is written to. */
const CELLHUB_COLUMN: Record<MappedField, string> = {
  prefix: "prefix",
  destination: "destination",
  rate_per_minute: "rate",
  initial_block: "initblock",
  increment: "billingblock",
  connect_fee: "connectcharge",
};

/** Field → index of the file's column that feeds it (absent: not in the file). */
export type ColumnMapping = Partial<Record<MappedField, number>>;

/** What an unmapped field is filled with, per row. */
export interface MappingDefaults {
  initial_block: string;
  increment: string;
}

/** Header names, by field, that a column is recognised by when mapping is suggested. */
const SYNONYMS: Record<MappedField, readonly string[]> = {
  prefix: ["prefix", "targetprefix", "code", "dialcode", "dial code", "dial_code", "prefixes", "e164"],
  destination: ["destination", "description", "targetname", "name", "country", "dest", "destination name"],
  rate_per_minute: ["rate", "ratevalue", "price", "rate per minute", "rate_per_minute", "per minute", "cost", "rate/min"],
  connect_fee: ["connectcharge", "connect fee", "connect_fee", "connection fee", "setup fee", "connectfee"],
  initial_block: ["initblock", "initial block", "initial_block", "min duration", "minimum", "first interval"],
  increment: ["billingblock", "increment", "billing block", "next interval", "interval"],
};

/** The preset whose columns the header holds exactly (in any order, any case), if any. */
export function detectPreset(header: readonly string[]): ImportFormat | undefined {
  const keys = header.map(headerKey).filter(Boolean).sort();
  return (Object.keys(PRESET_COLUMNS) as ImportFormat[]).find((format) => {
    const wanted = PRESET_COLUMNS[format].map(headerKey).sort();
    return wanted.length === keys.length && wanted.every((key, index) => key === keys[index]);
  });
}

/** What keeps `header` from being read as `format`: missing and unknown columns. */
export function presetMismatch(header: readonly string[], format: ImportFormat): { missing: string[]; unknown: string[] } {
  const keys = new Set(header.map(headerKey).filter(Boolean));
  const wanted = PRESET_COLUMNS[format];
  const wantedKeys = new Set(wanted.map(headerKey));
  return {
    missing: wanted.filter((column) => !keys.has(headerKey(column))),
    unknown: header.filter((name) => headerKey(name) && !wantedKeys.has(headerKey(name))),
  };
}

/** A first guess at the mapping, from the header's names; each column feeds one field at most. */
export function suggestMapping(header: readonly string[]): ColumnMapping {
  const keys = header.map(headerKey);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of MAPPED_FIELDS) {
    const index = keys.findIndex((key, at) => !used.has(at) && SYNONYMS[field].includes(key));
    if (index >= 0) {
      mapping[field] = index;
      used.add(index);
    }
  }
  return mapping;
}

/** Why a mapping cannot be used (empty when it can). */
export function mappingProblems(mapping: ColumnMapping, defaults: MappingDefaults): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_FIELDS) {
    if (mapping[field] === undefined) problems.push(`Choose the column for ${FIELD_LABELS[field].toLowerCase()}.`);
  }
  const seen = new Map<number, MappedField>();
  for (const field of MAPPED_FIELDS) {
    const index = mapping[field];
    if (index === undefined) continue;
    const other = seen.get(index);
    if (other) problems.push(`One column feeds both ${FIELD_LABELS[other].toLowerCase()} and ${FIELD_LABELS[field].toLowerCase()}.`);
    seen.set(index, field);
  }
  if (mapping.initial_block === undefined && !/^\d{1,5}$/.test(defaults.initial_block)) {
    problems.push("The default initial block must be whole seconds.");
  }
  if (mapping.increment === undefined && !/^[1-9]\d{0,4}$/.test(defaults.increment)) {
    problems.push("The default increment must be at least 1 second.");
  }
  return problems;
}

/** A data row in CellHub's column order (PRESET_COLUMNS.cellhub). */
function mappedRow(record: CsvRecord, mapping: ColumnMapping, defaults: MappingDefaults): string[] {
  const cell = (field: MappedField, fallback = "") => {
    const index = mapping[field];
    return index === undefined ? fallback : (record.cells[index] ?? "");
  };
  return [
    cell("prefix"),
    cell("destination"),
    cell("rate_per_minute"),
    cell("initial_block", defaults.initial_block),
    cell("increment", defaults.increment),
    cell("connect_fee"),
  ];
}

/**
 * Rewrite a CSV file with any columns into CellHub's columns, through `mapping`. Line numbers
 * are kept: every record starts on the same line as in the original (blank lines stay blank,
 * a record that spanned lines is padded), so the server's "line N" errors point into the
 * file the user chose. Unmapped columns are dropped.
 */
export function remapToCellhub(text: string, delimiter: Delimiter, mapping: ColumnMapping, defaults: MappingDefaults): string {
  const records = parseCsv(text, delimiter);
  const headerAt = records.findIndex((record) => !isBlankRecord(record));
  const out: string[] = [];
  records.forEach((record, at) => {
    let row: string;
    if (at < headerAt || isBlankRecord(record)) row = "";
    else if (at === headerAt) row = formatCsvRow(PRESET_COLUMNS.cellhub);
    else row = formatCsvRow(mappedRow(record, mapping, defaults));
    const written = row.split("\n").length;
    out.push(row + "\n".repeat(Math.max(0, record.lines - written)));
  });
  return out.join("\n") + "\n";
}

/** The name in the user's file of a CellHub column a server error names, for custom mappings. */
export function sourceColumnName(cellhubColumn: string, header: readonly string[], mapping: ColumnMapping): string {
  const field = MAPPED_FIELDS.find((candidate) => CELLHUB_COLUMN[candidate] === headerKey(cellhubColumn));
  const index = field === undefined ? undefined : mapping[field];
  return index === undefined ? cellhubColumn : (header[index] ?? cellhubColumn);
}
