// An audit entry's before → after as lines a person reads: one per changed field, nested objects
// by dotted path (agent.team), values in short text. Pure, so it is unit-tested.

export interface DiffLine {
  path: string;
  before: string | null;
  after: string | null;
}

/** Fields that change on every write and say nothing. */
const NOISE = new Set(['updatedAt', 'createdAt', 'id']);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value in a few words: lists joined, `{skill: 'sales', proficiency: 5}` as "sales 5". */
export function displayValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.length === 0 ? '[]' : value.map((v) => displayValue(v) ?? '—').join(', ');
  if (isPlainObject(value))
    return Object.values(value)
      .map((v) => displayValue(v) ?? '—')
      .join(' ');
  return JSON.stringify(value);
}

/** The changed fields of `before` → `after` (either may be null: created, deleted). */
export function auditDiff(before: unknown, after: unknown, prefix = ''): DiffLine[] {
  const b = isPlainObject(before) ? before : {};
  const a = isPlainObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !NOISE.has(k));
  const lines: DiffLine[] = [];
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const bv = b[key];
    const av = a[key];
    if (JSON.stringify(bv ?? null) === JSON.stringify(av ?? null)) continue;
    if (isPlainObject(bv) || isPlainObject(av)) {
      const nested = auditDiff(bv ?? null, av ?? null, path);
      if (nested.length > 0 || (bv == null) === (av == null)) {
        lines.push(...nested);
        continue;
      }
    }
    lines.push({ path, before: displayValue(bv), after: displayValue(av) });
  }
  return lines;
}
