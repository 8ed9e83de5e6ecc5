// The centre's configuration as one document (configuration as code, issue 14): its shape as a
// TypeBox schema, parsing YAML or JSON with the line of every problem, and the one canonical
// way to write it (sorted, fixed key order) so two exports of the same centre are identical
// byte for byte and a diff of two files reads well. Pure: no database.
import { Ajv, type ErrorObject } from 'ajv';
import { Type, type Static, type TSchema } from 'typebox';
import { Document, LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';

export const CONFIG_VERSION = 1;

const Nullable = <T extends TSchema>(type: T) => Type.Union([type, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 64 });
/** Any JSON value kept as it is (policy, hours, settings): checked by the rules, not the schema. */
const AnyJson = Type.Unknown();

export const ROLE_NAMES = ['agent', 'supervisor', 'marketing', 'admin'] as const;
export const STRATEGY_NAMES = [
  'least_busy',
  'longest_idle',
  'fewest_calls',
  'most_proficient',
  'round_robin',
] as const;

export const SkillDoc = Type.Object(
  {
    name: Name,
    kind: Type.Optional(Type.Union([Type.Literal('skill'), Type.Literal('language')])),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const SkillGrantDoc = Type.Object(
  { skill: Name, proficiency: Type.Integer() },
  { additionalProperties: false },
);

export const AgentDoc = Type.Object(
  {
    extension: Type.String({ minLength: 1, maxLength: 32 }),
    team: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    /** Spoken languages: skills of kind "language". */
    languages: Type.Optional(Type.Array(Name)),
    skills: Type.Optional(Type.Array(SkillGrantDoc)),
    mayDialOut: Type.Optional(Type.Boolean()),
    /** Outside calls per clock hour; null: no cap. */
    outboundCallsPerHour: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
  },
  { additionalProperties: false },
);

export const UserDoc = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** The first is the primary role. */
    roles: Type.Optional(Type.Array(Type.String())),
    active: Type.Optional(Type.Boolean()),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
    agent: Type.Optional(Nullable(AgentDoc)),
  },
  { additionalProperties: false },
);

export const QueueSkillDoc = Type.Object(
  { skill: Name, minProficiency: Type.Integer() },
  { additionalProperties: false },
);

export const QueueDoc = Type.Object(
  {
    name: Name,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    strategy: Type.Optional(
      Type.Union([
        Type.Literal('least_busy'),
        Type.Literal('longest_idle'),
        Type.Literal('fewest_calls'),
        Type.Literal('most_proficient'),
        Type.Literal('round_robin'),
      ]),
    ),
    skills: Type.Optional(Type.Array(QueueSkillDoc)),
    wrapUpSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    requireDisposition: Type.Optional(Type.Boolean()),
    maxWaitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
    serviceLevelSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    /** Percent of calls to answer within serviceLevelSeconds. */
    serviceLevelTarget: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** Another queue's name; null: none. */
    overflowQueue: Type.Optional(Nullable(Name)),
    /** Relaxation steps (order matters), ring timeout, aging, overflow to voicemail/callback. */
    policy: Type.Optional(AnyJson),
    /** Disposition codes agents may choose; null offers all of them. */
    dispositions: Type.Optional(Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 64 })))),
    /** An uploaded sound's name (its bytes stay in the database); null: the built-in music. */
    musicOnHold: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const LineDoc = Type.Object(
  {
    dnis: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9+*#]+$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    ivrFlow: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    queue: Type.Optional(Nullable(Name)),
    trunk: Type.Optional(Nullable(Name)),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    language: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
    /** `{ mon: [["09:00","18:00"]], … }`; null: the flow's hours. */
    businessHours: Type.Optional(AnyJson),
    /** `["2026-10-01", …]`; null: the flow's holidays. */
    holidays: Type.Optional(AnyJson),
  },
  { additionalProperties: false },
);

/** A trunk without its secrets (inbound and outbound passwords are never exported nor imported). */
export const TrunkDoc = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    direction: Type.Optional(
      Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('both')]),
    ),
    allowedCidrs: Type.Optional(Type.String({ maxLength: 2000 })),
    inboundUsername: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    host: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 255 }))),
    port: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 65535 }))),
    transport: Type.Optional(Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('tls')])),
    username: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    register: Type.Optional(Type.Boolean()),
    callerId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    enabled: Type.Optional(Type.Boolean()),
    /** Agents' outside calls per clock hour over this trunk; null: no cap. */
    outboundCallsPerHour: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100000 }))),
  },
  { additionalProperties: false },
);

export const DialRuleDoc = Type.Object(
  {
    scope: Type.Union([Type.Literal('agent'), Type.Literal('team'), Type.Literal('trunk')]),
    /** The agent's extension, the team's name or the trunk's name. */
    target: Type.String({ minLength: 1, maxLength: 64 }),
    pattern: Type.String({ minLength: 1, maxLength: 20 }),
    action: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const ConfigDocumentSchema = Type.Object(
  {
    version: Type.Literal(CONFIG_VERSION),
    skills: Type.Optional(Type.Array(SkillDoc)),
    users: Type.Optional(Type.Array(UserDoc)),
    queues: Type.Optional(Type.Array(QueueDoc)),
    lines: Type.Optional(Type.Array(LineDoc)),
    trunks: Type.Optional(Type.Array(TrunkDoc)),
    dialRules: Type.Optional(Type.Array(DialRuleDoc)),
    /** Setting rows by key (dispositions, notReadyReasons, languages, lifecycle.stuckDays …). */
    settings: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 100 }), AnyJson)),
  },
  { additionalProperties: false },
);

export type SkillDoc = Static<typeof SkillDoc>;
export type AgentDoc = Static<typeof AgentDoc>;
export type UserDoc = Static<typeof UserDoc>;
export type QueueDoc = Static<typeof QueueDoc>;
export type LineDoc = Static<typeof LineDoc>;
export type TrunkDoc = Static<typeof TrunkDoc>;
export type DialRuleDoc = Static<typeof DialRuleDoc>;
export type ConfigDocument = Static<typeof ConfigDocumentSchema>;

/** One thing wrong with a document: where (`queues[2].skills[0].skill`), what, and its line. */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
}

export type ConfigFormat = 'yaml' | 'json';

// ── parsing ─────────────────────────────────────────────────────────────────────────────────

const ajv = new Ajv({ allErrors: true, strict: false });
const checkDocument = ajv.compile(ConfigDocumentSchema as object);

/** `/queues/2/skills/0` → `queues[2].skills[0]`. */
export function pathOf(pointer: string | readonly (string | number)[]): string {
  const parts =
    typeof pointer === 'string'
      ? pointer
          .split('/')
          .slice(1)
          .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      : pointer.map(String);
  let out = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(document)';
}

/** `queues[2].skills[0].skill` → ['queues', 2, 'skills', 0, 'skill']. */
export function segmentsOf(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (m[3] !== undefined) segments.push(JSON.parse(m[3]) as string);
  }
  return segments;
}

function describe(error: ErrorObject): { pointer: string; message: string } {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer: `${error.instancePath}/${String(p.additionalProperty)}`,
        message: `unknown field "${String(p.additionalProperty)}"`,
      };
    case 'required':
      return { pointer: error.instancePath, message: `missing field "${String(p.missingProperty)}"` };
    case 'const':
      return { pointer: error.instancePath, message: `must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

/** A document's schema problems, one per field (a union's alternatives folded into one line). */
function schemaProblems(value: unknown): ConfigProblem[] {
  if (checkDocument(value)) return [];
  const byPath = new Map<string, string[]>();
  for (const error of checkDocument.errors ?? []) {
    const { pointer, message } = describe(error);
    const path = pathOf(pointer);
    const list = byPath.get(path) ?? [];
    if (error.keyword !== 'anyOf' && !list.includes(message)) list.push(message);
    byPath.set(path, list);
  }
  return [...byPath].map(([path, messages]) => ({
    path,
    message: messages.length > 0 ? messages.join(' or ') : 'is invalid',
  }));
}

export type ParseResult =
  | { ok: true; document: ConfigDocument; lineOf: (path: string) => number | undefined }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Parses a YAML or JSON document (JSON is read by the YAML parser too, so both get line
 * numbers) and checks it against the schema. Every problem is returned, each with its path and
 * line; `lineOf` finds the line of any path for the rules' problems later.
 */
export function parseConfig(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A JSON document the YAML parser disliked (tabs, say) is still a JSON document.
    const json = tryJson(text);
    if (json.ok) return checked(json.value, () => undefined);
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '(document)',
        message: e.message.split('\n')[0] ?? e.message,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    };
  }
  const lineOf = (path: string): number | undefined => {
    let segments = segmentsOf(path);
    // The nearest node that exists (a missing field's problem points at its object).
    while (segments.length > 0) {
      const node = doc.getIn(segments, true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range)
        return lineCounter.linePos(node.range[0]).line;
      segments = segments.slice(0, -1);
    }
    const root = doc.contents;
    return root?.range ? lineCounter.linePos(root.range[0]).line : undefined;
  };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isMap(doc.contents) && !isSeq(doc.contents) && value === null)
    return { ok: false, problems: [{ path: '(document)', message: 'the document is empty' }] };
  return checked(value, lineOf);
}

function checked(value: unknown, lineOf: (path: string) => number | undefined): ParseResult {
  const problems = schemaProblems(value);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => withLine(p, lineOf(p.path))) };
  return { ok: true, document: value as ConfigDocument, lineOf };
}

function withLine(problem: ConfigProblem, line: number | undefined): ConfigProblem {
  return line === undefined ? problem : { ...problem, line };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

// ── writing ─────────────────────────────────────────────────────────────────────────────────

/** Object keys sorted at every depth (free-form JSON such as policies and settings). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical form: sections in a fixed order, entities sorted by their natural key, lists
 * whose order means nothing sorted (skills, languages), free-form JSON with sorted keys.
 * Field order follows the schema. Lists whose order means something (roles: the first is the
 * primary one; relaxation steps; dispositions as agents see them) keep it.
 */
export function canonical(doc: ConfigDocument): ConfigDocument {
  const pick = <T extends object>(obj: T, keys: readonly (keyof T)[], free: readonly (keyof T)[] = []) => {
    const out: Partial<T> = {};
    for (const k of keys)
      if (obj[k] !== undefined) out[k] = (free.includes(k) ? sortKeys(obj[k]) : obj[k]) as T[typeof k];
    return out as T;
  };
  const out: ConfigDocument = { version: CONFIG_VERSION };
  if (doc.skills)
    out.skills = [...doc.skills]
      .sort((a, b) => byText(a.name, b.name))
      .map((s) => pick(s, ['name', 'kind', 'description']));
  if (doc.users)
    out.users = [...doc.users]
      .sort((a, b) => byText(a.username, b.username))
      .map((u) => {
        const user = pick(u, ['username', 'displayName', 'roles', 'active', 'locale']);
        if (u.agent === null) user.agent = null;
        else if (u.agent) {
          const a = u.agent;
          user.agent = pick(
            {
              ...a,
              ...(a.languages && { languages: [...a.languages].sort(byText) }),
              ...(a.skills && { skills: [...a.skills].sort((x, y) => byText(x.skill, y.skill)) }),
            },
            ['extension', 'team', 'languages', 'skills', 'mayDialOut', 'outboundCallsPerHour'],
          );
          if (user.agent.skills)
            user.agent.skills = user.agent.skills.map((s) => pick(s, ['skill', 'proficiency']));
        }
        return user;
      });
  if (doc.queues)
    out.queues = [...doc.queues]
      .sort((a, b) => byText(a.name, b.name))
      .map((q) => {
        const queue = pick(
          { ...q, ...(q.skills && { skills: [...q.skills].sort((x, y) => byText(x.skill, y.skill)) }) },
          [
            'name',
            'displayName',
            'active',
            'strategy',
            'skills',
            'wrapUpSeconds',
            'requireDisposition',
            'dispositions',
            'maxWaitSeconds',
            'overflowQueue',
            'serviceLevelSeconds',
            'serviceLevelTarget',
            'musicOnHold',
            'policy',
          ],
          ['policy'],
        );
        if (queue.skills) queue.skills = queue.skills.map((s) => pick(s, ['skill', 'minProficiency']));
        return queue;
      });
  if (doc.lines)
    out.lines = [...doc.lines]
      .sort((a, b) => byText(a.dnis, b.dnis))
      .map((l) =>
        pick(
          l,
          ['dnis', 'name', 'ivrFlow', 'queue', 'trunk', 'timeZone', 'language', 'businessHours', 'holidays'],
          ['businessHours'],
        ),
      );
  if (doc.trunks)
    out.trunks = [...doc.trunks]
      .sort((a, b) => byText(a.name, b.name))
      .map((t) =>
        pick(t, [
          'name',
          'enabled',
          'direction',
          'allowedCidrs',
          'inboundUsername',
          'host',
          'port',
          'transport',
          'username',
          'register',
          'callerId',
          'outboundCallsPerHour',
        ]),
      );
  if (doc.dialRules)
    out.dialRules = [...doc.dialRules]
      .sort((a, b) => byText(dialRuleKey(a), dialRuleKey(b)))
      .map((r) => pick(r, ['scope', 'target', 'pattern', 'action', 'note']));
  if (doc.settings) out.settings = sortKeys(doc.settings) as Record<string, unknown>;
  return out;
}

/** A dial rule's natural key: one rule per scope, target and pattern. */
export const dialRuleKey = (r: { scope: string; target: string; pattern: string }): string =>
  `${r.scope}:${r.target}:${r.pattern}`;

const YAML_HEADER =
  '# kefu centre configuration (configuration as code). No secrets: passwords, hashes and\n' +
  '# SIP credentials are never exported. Import with a dry run first: ./kefu config import <file> --dry-run\n';

/** The document as text, canonical: the same centre always gives the same bytes. */
export function formatConfig(doc: ConfigDocument, format: ConfigFormat): string {
  const value = canonical(doc);
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  const yaml = new Document(value, { aliasDuplicateObjects: false });
  // Short lists of plain values on one line: roles: [agent], mon: [[09:00, 18:00]].
  visit(yaml, {
    Seq(_key, node) {
      const leaves = node.items.every(
        (item) => isScalar(item) || (isSeq(item) && item.items.every((i) => isScalar(i))),
      );
      if (leaves && JSON.stringify(node.toJSON()).length <= 80) node.flow = true;
    },
  });
  // Extensions and DNIS are digits: the writer quotes them, so they stay strings.
  return YAML_HEADER + yaml.toString({ indent: 2, lineWidth: 0, flowCollectionPadding: false });
}
