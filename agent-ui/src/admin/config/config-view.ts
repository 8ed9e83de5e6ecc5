// How an import's changes are shown: grouped by entity in the document's order of sections,
// values short enough for a table cell. Pure (unit-tested).
import type { ConfigEntityChange } from '@kefu/cti-server/contract';

export const ENTITY_ORDER = ['skill', 'user', 'queue', 'line', 'trunk', 'dialRule', 'setting'] as const;
export type Entity = (typeof ENTITY_ORDER)[number];

export function groupByEntity(
  changes: readonly ConfigEntityChange[],
): Array<{ entity: Entity; changes: ConfigEntityChange[] }> {
  return ENTITY_ORDER.map((entity) => ({
    entity,
    changes: changes.filter((c) => c.entity === entity),
  })).filter((g) => g.changes.length > 0);
}

/** A value in a cell: '–' for none, skill lists as "sales 5, service 2", the rest as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
    if (value.every(isGrant))
      return value
        .map((v) => `${v.skill} ${'proficiency' in v ? v.proficiency : v.minProficiency}`)
        .join(', ');
  }
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 199)}…` : json;
}

function isGrant(
  v: unknown,
): v is { skill: string; proficiency: number } | { skill: string; minProficiency: number } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { skill?: unknown }).skill === 'string' &&
    ('proficiency' in v || 'minProficiency' in v)
  );
}
