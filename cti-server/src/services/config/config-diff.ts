// What importing a configuration document would change: the centre as it is (a full document,
// config-export.ts) against the document wanted, entity by entity and field by field. Pure.
//
// Semantics (docs/ADMINISTRATION.md, "Configuration as code"):
// - only the sections the document has are touched; a section left out changes nothing;
// - an entity in the document is created when missing and updated where a field it gives
//   differs (a field left out keeps its value);
// - users and queues missing from a section are disabled, never deleted (history keeps their
//   names); skills, lines, trunks and settings missing from theirs are left alone;
// - dial rules are a set: the section is the whole set, a rule missing from it is deleted;
// - lists whose order means nothing compare as sets (skills, languages, holidays), those whose
//   order means something compare in order (relaxation steps; dispositions; the first role,
//   which is the primary one — the others are a set).
import {
  dialRuleKey,
  sortKeys,
  type ConfigDocument,
  type DialRuleDoc,
  type LineDoc,
  type QueueDoc,
  type SkillDoc,
  type TrunkDoc,
  type UserDoc,
} from './config-document.js';

export type ConfigEntity = 'skill' | 'user' | 'queue' | 'line' | 'trunk' | 'dialRule' | 'setting';
export type ChangeAction = 'create' | 'update' | 'disable' | 'delete';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface EntityChange {
  entity: ConfigEntity;
  /** The natural key: skill/queue/trunk name, username, DNIS, setting key, scope:target:pattern. */
  key: string;
  action: ChangeAction;
  fields: FieldChange[];
}

export type ChangeCounts = Record<ConfigEntity, Record<ChangeAction, number>>;

export const ENTITIES: readonly ConfigEntity[] = [
  'skill',
  'user',
  'queue',
  'line',
  'trunk',
  'dialRule',
  'setting',
];

type Flat = Record<string, unknown>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedStrings = (list: readonly string[] | undefined) => list && [...list].sort(byText);

/** Deep equality of JSON values; object keys in any order, arrays in order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a ?? null)) === JSON.stringify(sortKeys(b ?? null));
}

function flatSkill(s: SkillDoc): Flat {
  return { kind: s.kind, description: s.description };
}

const ROLE_ORDER = ['agent', 'supervisor', 'marketing', 'admin'];

/** The primary role first, the others in a fixed order: only the first one's place means something. */
function roleList(roles: readonly string[] | undefined): string[] | undefined {
  if (!roles || roles.length === 0) return roles && [...roles];
  const rank = (r: string) => (ROLE_ORDER.includes(r) ? ROLE_ORDER.indexOf(r) : ROLE_ORDER.length);
  const [primary, ...rest] = roles;
  return [primary!, ...rest.sort((a, b) => rank(a) - rank(b) || byText(a, b))];
}

function flatUser(u: UserDoc): Flat {
  const flat: Flat = {
    displayName: u.displayName,
    roles: roleList(u.roles),
    active: u.active,
    locale: u.locale,
  };
  const a = u.agent;
  if (a) {
    flat['agent.extension'] = a.extension;
    flat['agent.team'] = a.team;
    flat['agent.languages'] = sortedStrings(a.languages);
    flat['agent.skills'] = a.skills && [...a.skills].sort((x, y) => byText(x.skill, y.skill));
    flat['agent.mayDialOut'] = a.mayDialOut;
    flat['agent.outboundCallsPerHour'] = a.outboundCallsPerHour;
  }
  return flat;
}

function flatQueue(q: QueueDoc): Flat {
  return {
    displayName: q.displayName,
    active: q.active,
    strategy: q.strategy,
    skills: q.skills && [...q.skills].sort((x, y) => byText(x.skill, y.skill)),
    wrapUpSeconds: q.wrapUpSeconds,
    requireDisposition: q.requireDisposition,
    dispositions: q.dispositions,
    maxWaitSeconds: q.maxWaitSeconds,
    overflowQueue: q.overflowQueue,
    serviceLevelSeconds: q.serviceLevelSeconds,
    serviceLevelTarget: q.serviceLevelTarget,
    musicOnHold: q.musicOnHold,
    policy: q.policy,
  };
}

function flatLine(l: LineDoc): Flat {
  return {
    name: l.name,
    ivrFlow: l.ivrFlow,
    queue: l.queue,
    trunk: l.trunk,
    timeZone: l.timeZone,
    language: l.language,
    businessHours: l.businessHours,
    holidays: Array.isArray(l.holidays)
      ? [...(l.holidays as unknown[])].sort((x, y) => byText(holidayDate(x), holidayDate(y)))
      : l.holidays,
  };
}

/** A holiday's date: a plain "YYYY-MM-DD" or `{ date, name }`. */
const holidayDate = (h: unknown): string =>
  typeof h === 'object' && h !== null && typeof (h as { date?: unknown }).date === 'string'
    ? (h as { date: string }).date
    : String(h);

function flatTrunk(t: TrunkDoc): Flat {
  const { name: _name, ...rest } = t;
  return rest;
}

function flatDialRule(r: DialRuleDoc): Flat {
  return { action: r.action, note: r.note };
}

/** The fields `desired` gives that differ from `current` (all it gives when current is absent). */
function fieldChanges(current: Flat | undefined, desired: Flat): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(desired)) {
    if (after === undefined) continue;
    const before = current?.[field];
    if (current === undefined || !sameJson(before, after))
      changes.push({ field, before: before ?? null, after });
  }
  return changes;
}

function section<T>(
  entity: ConfigEntity,
  current: readonly T[] | undefined,
  desired: readonly T[] | undefined,
  keyOf: (item: T) => string,
  flat: (item: T) => Flat,
  absent: 'disable' | 'delete' | 'keep',
  isActive: (item: T) => boolean = () => true,
): EntityChange[] {
  if (desired === undefined) return [];
  const now = new Map((current ?? []).map((item) => [keyOf(item), item]));
  const wanted = new Set<string>();
  const changes: EntityChange[] = [];
  for (const item of desired) {
    const key = keyOf(item);
    wanted.add(key);
    const existing = now.get(key);
    const fields = fieldChanges(existing && flat(existing), flat(item));
    if (!existing) changes.push({ entity, key, action: 'create', fields });
    else if (fields.length > 0) changes.push({ entity, key, action: 'update', fields });
  }
  if (absent !== 'keep') {
    for (const [key, item] of now) {
      if (wanted.has(key)) continue;
      if (absent === 'delete') changes.push({ entity, key, action: 'delete', fields: [] });
      else if (isActive(item))
        changes.push({
          entity,
          key,
          action: 'disable',
          fields: [{ field: 'active', before: true, after: false }],
        });
    }
  }
  return changes.sort((a, b) => byText(a.key, b.key));
}

/**
 * The changes that make `current` (the whole centre, as exported) match `desired`: none when
 * the document says what the centre already is.
 */
export function diffConfig(current: ConfigDocument, desired: ConfigDocument): EntityChange[] {
  const settings = (doc: ConfigDocument) =>
    doc.settings && Object.entries(doc.settings).map(([key, value]) => ({ key, value }));
  return [
    ...section('skill', current.skills, desired.skills, (s) => s.name, flatSkill, 'keep'),
    ...section(
      'user',
      current.users,
      desired.users,
      (u) => u.username,
      flatUser,
      'disable',
      (u) => u.active !== false,
    ),
    ...section(
      'queue',
      current.queues,
      desired.queues,
      (q) => q.name,
      flatQueue,
      'disable',
      (q) => q.active !== false,
    ),
    ...section('line', current.lines, desired.lines, (l) => l.dnis, flatLine, 'keep'),
    ...section('trunk', current.trunks, desired.trunks, (t) => t.name, flatTrunk, 'keep'),
    ...section('dialRule', current.dialRules, desired.dialRules, dialRuleKey, flatDialRule, 'delete'),
    ...section(
      'setting',
      settings(current),
      settings(desired),
      (s) => s.key,
      (s) => ({ value: s.value }),
      'keep',
    ),
  ];
}

/** How many of each entity each action touches. */
export function countChanges(changes: readonly EntityChange[]): ChangeCounts {
  const counts = Object.fromEntries(
    ENTITIES.map((e) => [e, { create: 0, update: 0, disable: 0, delete: 0 }]),
  ) as ChangeCounts;
  for (const c of changes) counts[c.entity][c.action] += 1;
  return counts;
}

/** "2 users created, 1 queue updated" (or "no changes"). */
export function describeCounts(changes: readonly EntityChange[]): string {
  const counts = countChanges(changes);
  const past: Record<ChangeAction, string> = {
    create: 'created',
    update: 'updated',
    disable: 'disabled',
    delete: 'deleted',
  };
  const parts: string[] = [];
  for (const entity of ENTITIES)
    for (const action of ['create', 'update', 'disable', 'delete'] as const) {
      const n = counts[entity][action];
      if (n > 0) parts.push(`${n} ${entity}${n === 1 ? '' : 's'} ${past[action]}`);
    }
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}
