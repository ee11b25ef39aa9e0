/**
 * A random RFC 4122 version-4 UUID (for Idempotency-Key headers). `crypto.randomUUID` exists
 * only in secure contexts (https, localhost); an operator reaching the app over plain http on
 * a LAN address still gets one, from `crypto.getRandomValues`.
 */
export function uuid4(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as the API writes ids: a hand-typed URL parameter that is not one is ignored. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
