/** A JSON object as parsed from the wire. */
export type JsonObject = { readonly [key: string]: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const obj = (v: unknown): JsonObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null);

/** Small readers for wire objects a decoder leaves as JSON (items, response objects): a value of the asked type, or null. */
export const wire = { str, num, obj };
