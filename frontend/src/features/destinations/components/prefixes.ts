/** Prefixes typed into a box: separated by commas, spaces or new lines, digits only. */
export function parsePrefixes(text: string): { prefixes: string[]; invalid: string[] } {
  const tokens = text.split(/[\s,;]+/).map((token) => token.trim()).filter(Boolean);
  const prefixes: string[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const digits = token.replace(/^\+/, "");
    if (/^[0-9]{1,20}$/.test(digits)) {
      if (!prefixes.includes(digits)) prefixes.push(digits);
    } else if (!invalid.includes(token)) {
      invalid.push(token);
    }
  }
  return { prefixes, invalid };
}
