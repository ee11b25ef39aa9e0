/** The names of `/ready`'s checks, for people, in a stable order. */

const LABELS: Record<string, string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  broker: "Job broker",
  worker: "Workers",
  agi: "AGI gateways",
};
const ORDER = ["postgres", "redis", "broker", "worker"];

/** A check's name for people: a known one's label, else the name made readable
 * ("agi_gateway" → "Agi gateway"), so any component the report adds is shown. */
export function checkLabel(name: string): string {
  const known = LABELS[name];
  if (known) return known;
  const words = name.replace(/[_-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/** The checks in a stable order: the known ones first, then the others by name. */
export function ordered<T>(checks: Record<string, T>): [string, T][] {
  return Object.entries(checks).sort(([a], [b]) => {
    const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
}
