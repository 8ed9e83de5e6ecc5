// Pure parts of the audit log: what a before/after snapshot may show (secrets redacted) and a
// short human summary of what changed. No database here, so both are unit-tested.

/** What a redacted secret reads as in the audit log. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values are secrets wherever they appear: passwords and their hashes, SIP HA1
 * values, secrets and tokens. Flags about them (`mustChangePassword`, `hasPassword`) are booleans
 * and stay readable.
 */
const SECRET_KEY = /password|ha1|secret|token/i;

export const isSecret = (key: string, value: unknown): boolean =>
  SECRET_KEY.test(key) && value !== null && typeof value !== 'boolean';

/**
 * A JSON-safe copy of `value` with every secret-named field replaced by REDACTED (null and
 * absent values stay as they are: "no password" is not a secret). Dates become ISO strings.
 */
export function redact(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[key] = isSecret(key, v) ? REDACTED : redact(v);
  }
  return out;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Top-level fields whose (redacted) values differ, in key order; `updatedAt` is ignored. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(redact(before));
  const a = asRecord(redact(after));
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'updatedAt').sort();
  return keys
    .filter((k) => JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

/** "displayName, agent" — or "no change". */
export function describeChanges(changes: FieldChange[]): string {
  return changes.length === 0 ? 'no change' : changes.map((c) => c.field).join(', ');
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
