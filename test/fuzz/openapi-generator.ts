// Values from the JSON schemas of an OpenAPI 3 document: ones a schema accepts, ones it does not,
// and a small checker of response bodies against their documented schema. Covers what the
// server's TypeBox schemas produce: type, enum, const, anyOf/oneOf/allOf, nullable, $ref,
// properties/required/additionalProperties, items/minItems/maxItems, string lengths, patterns
// and formats (date-time, email), number bounds.
import type { FuzzRandom } from './fuzz-random.js';

export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  maxProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}

export class SchemaTools {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly rng: FuzzRandom,
  ) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 10; depth++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = this.doc.components?.schemas?.[name] ?? {};
    }
    return current;
  }

  /** A value the schema accepts. */
  valid(input: Schema, depth = 0): unknown {
    const rng = this.rng;
    const schema = this.resolve(input);
    if (schema.const !== undefined) return schema.const;
    if (schema.enum) return rng.pick(schema.enum);
    if (schema.anyOf?.length) return this.valid(rng.pick(schema.anyOf), depth);
    if (schema.oneOf?.length) return this.valid(rng.pick(schema.oneOf), depth);
    if (schema.allOf?.length)
      return Object.assign({}, ...(schema.allOf.map((s) => this.valid(s, depth)) as object[]));
    if (schema.nullable && rng.chance(0.1)) return null;
    const type = Array.isArray(schema.type) ? rng.pick(schema.type) : schema.type;
    switch (type) {
      case 'string':
        return this.validString(schema);
      case 'integer':
      case 'number': {
        const min =
          schema.minimum ??
          (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : rng.pick([0, 1, -5]));
        const max =
          schema.maximum ??
          (schema.exclusiveMaximum !== undefined
            ? schema.exclusiveMaximum - 1
            : min + rng.pick([1, 10, 1000]));
        const n = rng.int(Math.ceil(min), Math.floor(Math.max(min, max)));
        return type === 'number' && rng.chance(0.3) && n < max ? n + 0.5 : n;
      }
      case 'boolean':
        return rng.chance(0.5);
      case 'null':
        return null;
      case 'array': {
        if (depth > 4) return [];
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? min + 3, min + 3);
        const out: unknown[] = [];
        const count = rng.int(min, max);
        for (let i = 0; i < count * 3 && out.length < count; i++) {
          const item = schema.items ? this.valid(schema.items, depth + 1) : rng.token(4);
          if (schema.uniqueItems && out.some((o) => JSON.stringify(o) === JSON.stringify(item))) continue;
          out.push(item);
        }
        return out;
      }
      case 'object':
      default: {
        if (!schema.properties && type !== 'object') return rng.token(6);
        const out: Record<string, unknown> = {};
        const required = new Set(schema.required ?? []);
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          if (required.has(name) || (depth < 4 && rng.chance(0.6))) out[name] = this.valid(prop, depth + 1);
        }
        const minProps = schema.minProperties ?? 0;
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          if (Object.keys(out).length >= minProps) break;
          out[name] ??= this.valid(prop, depth + 1);
        }
        return out;
      }
    }
  }

  /** A value the schema refuses (or, for a schema that takes anything, an odd one). */
  invalid(input: Schema, depth = 0): unknown {
    const rng = this.rng;
    const schema = this.resolve(input);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const generic = () => rng.pick(ODD_JSON_VALUES)();
    if (type === 'object' && schema.properties && depth < 3) {
      const value = (this.valid(schema, depth) ?? {}) as Record<string, unknown>;
      const names = Object.keys(schema.properties);
      return rng.weighted<() => unknown>([
        [
          3,
          () => ({
            ...value,
            [rng.pick(names)]: this.invalid(schema.properties![rng.pick(names)]!, depth + 1),
          }),
        ],
        [
          2,
          () => {
            const name = rng.pick(names);
            return { ...value, [name]: this.invalid(schema.properties![name]!, depth + 1) };
          },
        ],
        [
          2,
          () => {
            const copy = { ...value };
            delete copy[rng.pick(schema.required?.length ? schema.required : names)];
            return copy;
          },
        ],
        [
          1,
          () => ({
            ...value,
            [rng.pick(['__proto__', 'constructor', 'extra', '', '中文', 'id', 'role'])]: rng.pick([
              'x',
              1,
              null,
              { a: 1 },
            ]),
          }),
        ],
        [1, () => ({})],
        [1, generic],
        [1, () => [value]],
      ])();
    }
    if (type === 'array' && depth < 3) {
      const value = (this.valid(schema, depth) ?? []) as unknown[];
      return rng.weighted<() => unknown>([
        [2, () => [...value, schema.items ? this.invalid(schema.items, depth + 1) : generic()]],
        [1, () => Array.from({ length: (schema.maxItems ?? 50) + rng.int(1, 200) }, () => value[0] ?? 'x')],
        [1, () => (schema.uniqueItems && value.length > 0 ? [value[0], value[0]] : [])],
        [1, () => ({ 0: value[0] })],
        [1, generic],
      ])();
    }
    if (type === 'string') {
      return rng.weighted<() => unknown>([
        [2, () => hugeString(rng, (schema.maxLength ?? 1000) + rng.int(1, 5000))],
        [1, () => ''],
        [1, () => rng.pick(ODD_STRINGS)],
        [
          1,
          () =>
            schema.format === 'date-time'
              ? rng.pick([
                  '2024-13-45T99:99:99Z',
                  'yesterday',
                  '0000-00-00',
                  '2024-02-30T00:00:00Z',
                  '9999999-01-01T00:00:00Z',
                  '-000001-01-01T00:00:00Z',
                ])
              : rng.pick(ODD_STRINGS),
        ],
        [
          1,
          () =>
            schema.format === 'email'
              ? rng.pick(['@', 'a@', '@b', 'a@@b', 'a b@c.d', '中文@例子.中国'])
              : 12345,
        ],
        [2, generic],
      ])();
    }
    if (type === 'integer' || type === 'number') {
      return rng.pick<unknown>([
        (schema.minimum ?? 0) - 1,
        (schema.maximum ?? 2 ** 31) + 1,
        -1,
        2 ** 31,
        2 ** 53 + 2,
        -(2 ** 63),
        1e308,
        1.5,
        '12',
        '1e400',
        'NaN',
        true,
        null,
        [1],
      ]);
    }
    if (type === 'boolean') return rng.pick<unknown>(['true', 1, 0, 'yes', null, [], {}]);
    return generic();
  }

  private validString(schema: Schema): string {
    const rng = this.rng;
    if (schema.format === 'date-time') {
      const base = Date.UTC(2024, 0, 1) + rng.int(-1000, 1000) * 86_400_000 + rng.int(0, 86_399) * 1000;
      return new Date(base).toISOString();
    }
    if (schema.format === 'email') return `${rng.token(6)}@example.com`;
    const min = schema.minLength ?? 0;
    // Strings the schema takes that the code behind it may not: NUL, lone surrogates, quotes,
    // LIKE wildcards, right-to-left marks, emoji (PostgreSQL refuses NUL in text, for one).
    if (!schema.pattern && rng.chance(0.2)) {
      const fits = ODD_STRINGS.filter((t) => t.length >= min && t.length <= (schema.maxLength ?? Infinity));
      if (fits.length > 0) return rng.pick(fits);
    }
    const max = Math.max(min, Math.min(schema.maxLength ?? min + 20, min + 20));
    const length = rng.int(min, max);
    if (schema.pattern) {
      const re = new RegExp(schema.pattern);
      const alphabet = patternAlphabet(schema.pattern);
      for (let attempt = 0; attempt < 5; attempt++) {
        let out = '';
        for (let i = 0; i < Math.max(length, 1); i++) out += rng.pick(alphabet);
        if (re.test(out) && out.length >= min && out.length <= (schema.maxLength ?? Infinity)) return out;
      }
      for (const candidate of ['en', 'zh-CN', 'abc', '1001', 'a1', '00'])
        if (re.test(candidate)) return candidate;
    }
    const text = rng.chance(0.2) ? '客服中心 ✓ ' : 'abcdefghij';
    let out = '';
    while (out.length < length) out += text[rng.int(0, text.length - 1)];
    return out.slice(0, Math.max(min, Math.min(length, schema.maxLength ?? length)));
  }

  /** Reasons a value does not match a (response) schema; empty when it does. */
  check(input: Schema, value: unknown, at = '$', depth = 0): string[] {
    const schema = this.resolve(input);
    if (depth > 20) return [];
    if (value === null && (schema.nullable || schema.type === 'null')) return [];
    if (schema.anyOf || schema.oneOf) {
      const options = schema.anyOf ?? schema.oneOf ?? [];
      return options.some((o) => this.check(o, value, at, depth + 1).length === 0)
        ? []
        : [`${at}: matches none of its anyOf`];
    }
    if (schema.allOf) return schema.allOf.flatMap((s) => this.check(s, value, at, depth + 1));
    if (schema.enum && !schema.enum.some((e) => e === value))
      return [`${at}: ${JSON.stringify(value)} not in enum`];
    if (schema.const !== undefined && schema.const !== value) return [`${at}: not the const`];
    const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (type.length === 0) return [];
    const actual = jsonType(value);
    const matches = type.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!matches) return [`${at}: ${actual} where ${type.join('|')} is documented`];
    if (actual === 'object') {
      const object = value as Record<string, unknown>;
      const errors = (schema.required ?? []).filter((r) => !(r in object)).map((r) => `${at}.${r}: missing`);
      for (const [name, prop] of Object.entries(schema.properties ?? {}))
        if (name in object) errors.push(...this.check(prop, object[name], `${at}.${name}`, depth + 1));
      return errors;
    }
    if (actual === 'array' && schema.items) {
      return (value as unknown[])
        .slice(0, 50)
        .flatMap((v, i) => this.check(schema.items!, v, `${at}[${i}]`, depth + 1));
    }
    return [];
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The characters the first `[…]` class of a pattern admits (printable ASCII). */
function patternAlphabet(pattern: string): string[] {
  const klass = /\[[^\]]+\]/.exec(pattern)?.[0];
  const out: string[] = [];
  if (!klass) return ['a', 'b', '1'];
  const re = new RegExp(`^${klass}$`);
  for (let c = 0x21; c < 0x7f; c++) if (re.test(String.fromCharCode(c))) out.push(String.fromCharCode(c));
  return out.length > 0 ? out : ['a'];
}

export function hugeString(rng: FuzzRandom, length: number): string {
  return rng.pick(['a', '中', '😀', '\\', '"', '%', ' ']).repeat(Math.min(length, 200_000));
}

export const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e',
  '😀😀😀',
  '中文客服',
  '\'; DROP TABLE "User"; --',
  '" OR 1=1 --',
  '%',
  '_',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '\\',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e400',
  '9999999999999999999999',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '\r\n',
  'a'.repeat(300),
];

const ODD_JSON_VALUES: Array<() => unknown> = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1e308,
  () => 2 ** 53 + 1,
  () => '',
  () => 'x',
  () => [],
  () => [null],
  () => ({}),
  () => ({ __proto__: { admin: true } }),
  () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  () => ({ a: { b: { c: { d: { e: { f: {} } } } } } }),
  () => '\u0000',
];
