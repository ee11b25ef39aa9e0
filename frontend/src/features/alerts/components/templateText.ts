/**
 * `{{ variable }}` placeholders of a mail template (Jinja2 on the server). The server is the
 * judge — it renders the template in its sandbox when saving and names the field that fails —
 * but the editor points out unknown names while typing, so a typo is seen before saving.
 */
const PLACEHOLDER = /\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)/g;

/** The variable names a text's `{{ … }}` placeholders start with, in order, each once. */
export function placeholderNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The names used in `text` that are not among `variables` (the kind's, from the API). */
export function unknownPlaceholders(text: string, variables: readonly string[]): string[] {
  return placeholderNames(text).filter((name) => !variables.includes(name));
}

/** `text` with `{{ name }}` put in place of the selection [start, end), and where the caret goes. */
export function insertPlaceholder(text: string, start: number, end: number, name: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const placeholder = `{{ ${name} }}`;
  return { text: text.slice(0, from) + placeholder + text.slice(to), caret: from + placeholder.length };
}
