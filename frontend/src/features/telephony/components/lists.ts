/** A list edited one item per line (or comma-separated): empty lines dropped, spaces trimmed. */
export function listFromText(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function textFromList(items: readonly string[]): string {
  return items.join("\n");
}
