import { presetMismatch, mappingProblems, suggestMapping, detectPreset, type ColumnMapping, type ImportFormat, type MappingDefaults } from "./columnMapping";
import type { ChosenFile } from "./csvFile";

export type OnError = "reject" | "skip";

/** How a chosen file is to be imported: as one of the server's presets, or through a mapping. */
export interface ImportSettings {
  format: ImportFormat | "custom";
  mapping: ColumnMapping;
  defaults: MappingDefaults;
  stripPrefix: string;
  addPrefix: string;
  onError: OnError;
}

/** The settings a file starts with: its preset when the header is one (and comma-separated). */
export function initialSettings(chosen: ChosenFile): ImportSettings {
  const preset = chosen.delimiter === "," ? detectPreset(chosen.header) : undefined;
  return {
    format: preset ?? "custom",
    mapping: suggestMapping(chosen.header),
    defaults: { initial_block: "60", increment: "60" },
    stripPrefix: "",
    addPrefix: "",
    onError: "reject",
  };
}

/** Why the import cannot start yet (empty when it can). */
export function settingsProblems(chosen: ChosenFile, settings: ImportSettings): string[] {
  const problems: string[] = [];
  if (settings.format === "custom") {
    problems.push(...mappingProblems(settings.mapping, settings.defaults));
  } else {
    const { missing, unknown } = presetMismatch(chosen.header, settings.format);
    if (missing.length > 0) problems.push(`Missing columns for this format: ${missing.join(", ")}.`);
    if (unknown.length > 0) problems.push(`Columns this format does not have: ${unknown.join(", ")}. Map the columns instead.`);
    if (chosen.delimiter !== ",") problems.push("This format must be comma-separated: map the columns instead.");
  }
  for (const [label, value] of [
    ["Strip prefix", settings.stripPrefix],
    ["Add prefix", settings.addPrefix],
  ] as const) {
    if (value && !/^\d{1,20}$/.test(value)) problems.push(`${label} must be digits.`);
  }
  return problems;
}
