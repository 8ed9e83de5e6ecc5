import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../support/database.js';
import { FuzzRandom, fuzzSettings } from './fuzz-random.js';
import { formatTally, startFuzzStack, tally, type FuzzStack } from './fuzz-stack.js';
import {
  ODD_STRINGS,
  SchemaTools,
  hugeString,
  type OpenApiDocument,
  type Operation,
  type Parameter,
} from './openapi-generator.js';

/**
 * The HTTP fuzzer: every operation of the server's own OpenAPI document (GET /docs/json), called
 * with requests built from its schemas — valid ones, and ones with wrong types, missing or extra
 * fields, huge and odd strings, bad numbers, bad path parameters, broken JSON, wrong content
 * types — unauthenticated, with a bad token, and as each role of the seed (agent, supervisor,
 * marketing, admin). On a throwaway database per provider. Oracles: no 5xx, no 2xx to an
 * unauthenticated request on a protected operation, 2xx bodies match their documented schema,
 * nothing logged at error level, no uncaught error.
 *
 * FUZZ_SEED replays a run (the seed is printed), FUZZ_SECONDS sets the budget (20 s, shared by
 * the two databases).
 */
const { seed, budgetMs } = fuzzSettings(20);

const ROLES: Record<string, string> = {
  agent: '1001',
  supervisor: 'sup1',
  marketing: 'mkt1',
  admin: 'admin',
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Op {
  method: (typeof METHODS)[number];
  path: string;
  operation: Operation;
  isPublic: boolean;
}

describe.each(PROVIDERS)('HTTP fuzzing from the OpenAPI document on %s', (provider) => {
  let stack: FuzzStack;
  let doc: OpenApiDocument;
  const tokens = new Map<string, string>();
  /** Real values for path parameters, by "<first path segment>/<param name>". */
  const pools = new Map<string, string[]>();

  beforeAll(async () => {
    stack = await startFuzzStack(provider, {}, true);
    const res = await stack.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as OpenApiDocument;
    for (const [role, username] of Object.entries(ROLES)) {
      const login = await stack.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: `demo-${username}` },
      });
      expect(login.statusCode, `login as ${username}`).toBe(200);
      tokens.set(role, (login.json() as { token: string }).token);
    }
    const { db } = stack.tdb;
    const take = 10;
    const interactions = await db.interaction.findMany({ select: { id: true, callId: true }, take });
    const put = (key: string, values: string[]) => pools.set(key, values);
    put(
      'customers/id',
      (await db.customer.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    put(
      'tickets/id',
      (await db.serviceTicket.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    put(
      'interactions/id',
      interactions.map((r) => r.id),
    );
    put(
      'interactions/callId',
      interactions.map((r) => r.callId),
    );
    put(
      'scripts/callId',
      interactions.map((r) => r.callId),
    );
    put(
      'calls/callId',
      interactions.map((r) => r.callId),
    );
    put(
      'trunks/id',
      (await db.trunk.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    put(
      'agents/ext',
      (await db.agent.findMany({ select: { extension: true }, take })).map((r) => r.extension),
    );
    put(
      'queues/name',
      (await db.queue.findMany({ select: { name: true }, take })).map((r) => r.name),
    );
    put(
      'scripts/key',
      (await db.callScript.findMany({ select: { key: true }, take })).map((r) => r.key),
    );
    put(
      'cross-sell-rules/id',
      (await db.crossSellRule.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    put('customers/ruleId', pools.get('cross-sell-rules/id') ?? []);
    put(
      'follow-ups/id',
      (await db.followUpTask.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    // Users are changed, disabled and given new passwords only in the last phase (isDestructive).
    put(
      'admin/id',
      (await db.user.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
    put(
      'callbacks/id',
      (await db.callbackRequest.findMany({ select: { id: true }, take })).map((r) => r.id),
    );
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(
    `answers ${budgetMs / 2000} s of generated requests without a 5xx (seed ${seed})`,
    async () => {
      const rng = new FuzzRandom(seed ^ (provider === 'sqlite' ? 0 : 0x5f3759df));
      const tools = new SchemaTools(doc, rng);
      const ops: Op[] = [];
      for (const [path, item] of Object.entries(doc.paths))
        for (const method of METHODS) {
          const operation = item[method];
          if (operation)
            ops.push({
              method,
              path,
              operation,
              isPublic: Array.isArray(operation.security) && operation.security.length === 0,
            });
        }
      expect(ops.length).toBeGreaterThan(20);

      const statuses = new Map<string, number>();
      const byAuth = new Map<string, number>();
      const undocumented = new Map<string, number>();
      const findings: string[] = [];
      const perOperation = new Map<string, number>();
      const timeByOperation = new Map<string, number>();
      let sent = 0;
      const started = Date.now();
      const deadline = started + budgetMs / 2;

      // Operations that can take a role's token away (logout, a password change, a user disabled)
      // run last, in the final tenth of the budget, so they cannot starve the others.
      const regular = ops.filter((o) => !isDestructive(o));
      const destructive = ops.filter(isDestructive);
      const lastPhase = deadline - (destructive.length > 0 ? budgetMs / 20 : 0);
      // Every operation in turn (four rounds at least), then at random until the budget is spent.
      function* schedule(): Generator<Op> {
        for (let round = 0; round < 4; round++) yield* regular;
        while (Date.now() < lastPhase) yield rng.pick(regular);
        for (let round = 0; round < 4; round++) yield* destructive;
        while (Date.now() < deadline) yield rng.pick(ops);
      }
      for (const op of schedule()) {
        const auth = rng.weighted<string>([
          [2, 'none'],
          [1, 'bad-token'],
          [2, 'agent'],
          [2, 'supervisor'],
          [1, 'marketing'],
          [3, 'admin'],
        ]);
        const valid = rng.chance(0.5);
        const request = buildRequest(rng, tools, op, valid, pools);
        request.headers = { ...request.headers, ...authHeader(rng, auth, tokens) };
        const t0 = performance.now();
        const res = await stack.app.inject(request);
        tally(timeByOperation, `${op.method.toUpperCase()} ${op.path}`, performance.now() - t0);
        sent++;
        tally(statuses, `${String(res.statusCode)[0]}xx`);
        tally(byAuth, `${auth}:${String(res.statusCode)[0]}xx`);
        tally(perOperation, `${op.method.toUpperCase()} ${op.path}`);
        const what = `${request.method} ${request.url} as ${auth} (${valid ? 'valid' : 'invalid'}) → ${res.statusCode}`;
        if (res.statusCode >= 500)
          findings.push(
            `${what}: ${res.body.slice(0, 300)}\n  body sent: ${String(request.payload ?? '').slice(0, 500)}`,
          );
        if (!op.isPublic && (auth === 'none' || auth === 'bad-token') && res.statusCode < 300)
          findings.push(`${what}: a protected operation answered an unauthenticated request`);
        if (!op.operation.responses?.[String(res.statusCode)])
          tally(undocumented, `${request.method} ${op.path} ${res.statusCode}`);
        const documented =
          op.operation.responses?.[String(res.statusCode)]?.content?.['application/json']?.schema;
        // A dot segment ("/queues/./metrics") is resolved before routing: another operation answered.
        const resolved = !/\/(\.|%2e){1,2}(\/|\?|$)/i.test(request.url);
        if (documented && resolved && res.statusCode < 300 && res.body.length > 0) {
          const problems = tools.check(documented, res.json());
          if (problems.length > 0)
            findings.push(`${what}: body does not match its schema: ${problems.slice(0, 5).join('; ')}`);
        }
        if (findings.length > 50) break;
      }

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `HTTP fuzz (${provider}): seed=${seed} seconds=${seconds} requests=${sent} operations=${ops.length} (run last: ${destructive.map((o) => `${o.method.toUpperCase()} ${o.path}`).join(', ') || 'none'}) | ` +
          `statuses ${formatTally(statuses)} | by auth ${formatTally(byAuth)}`,
      );
      const undocumentedTop = [...undocumented.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
      if (undocumentedTop.length > 0)
        console.log(
          `HTTP fuzz (${provider}): undocumented statuses (not failures): ${undocumentedTop.map(([k, v]) => `${k}×${v}`).join(', ')}`,
        );
      const slowest = [...timeByOperation.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(
        `HTTP fuzz (${provider}): most time in ${slowest.map(([k, v]) => `${k} ${Math.round(v)} ms/${perOperation.get(k)}`).join(', ')}`,
      );
      for (const f of findings.slice(0, 15)) console.log(`HTTP fuzz finding (${provider}): ${f}`);
      for (const e of stack.errors.slice(0, 10))
        console.log(`HTTP fuzz server error (${provider}): ${e.line}`);

      expect(stack.uncaught, 'uncaught errors').toEqual([]);
      expect(findings).toEqual([]);
      expect(stack.errors.map((e) => e.msg)).toEqual([]);
      // Every operation was called.
      expect(perOperation.size).toBe(ops.length);
    },
    budgetMs + 60_000,
  );
});

/** An operation that may end a session or lock a user out. */
function isDestructive(op: Op): boolean {
  return op.method !== 'get' && /logout|password|revoke|sessions|\/users\b/.test(op.path);
}

/** encodeURIComponent, and for a lone surrogate (which it refuses) its raw UTF-8 bytes, escaped. */
function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

function authHeader(rng: FuzzRandom, auth: string, tokens: Map<string, string>): Record<string, string> {
  if (auth === 'none') return {};
  if (auth === 'bad-token') {
    const admin = tokens.get('admin') ?? '';
    return {
      authorization: rng.pick([
        'Bearer',
        'Bearer ',
        'Bearer garbage',
        `Bearer ${admin.slice(0, -3)}abc`,
        `Bearer ${admin.split('.').slice(0, 2).join('.')}.`,
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`,
        `Basic ${Buffer.from('admin:demo-admin').toString('base64')}`,
        `bearer ${'a'.repeat(10_000)}`,
        admin,
      ]),
    };
  }
  return { authorization: `Bearer ${tokens.get(auth) ?? ''}` };
}

function buildRequest(
  rng: FuzzRandom,
  tools: SchemaTools,
  op: Op,
  valid: boolean,
  pools: Map<string, string[]>,
): InjectOptions & { method: string; url: string } {
  const params = op.operation.parameters ?? [];
  const segment = op.path.split('/')[2] ?? '';
  let url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const param = params.find((p) => p.in === 'path' && p.name === name);
    const pool = pools.get(`${segment}/${name}`) ?? [];
    let value: string;
    if (valid || rng.chance(0.5))
      value =
        pool.length > 0 && rng.chance(0.7)
          ? rng.pick(pool)
          : String(param ? tools.valid(param.schema) : rng.token());
    else
      value = rng.pick([
        ...ODD_STRINGS,
        hugeString(rng, rng.int(65, 5000)),
        '..',
        '.',
        '%2e%2e',
        '%2F',
        '%ff',
        '%',
        'a/b',
        '?x',
      ]);
    // Odd values are sent raw now and then (the router sees %-sequences it must decode).
    return /^[%.?/]/.test(value) && rng.chance(0.5) ? value : encodeLoosely(value);
  });
  const query = new URLSearchParams();
  for (const param of params.filter((p: Parameter) => p.in === 'query')) {
    if (!param.required && rng.chance(0.4)) continue;
    if (param.required && !valid && rng.chance(0.3)) continue;
    const value = valid ? tools.valid(param.schema) : tools.invalid(param.schema);
    query.append(param.name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  if (!valid && rng.chance(0.3))
    query.append(rng.pick(['extra', 'q', 'limit', '__proto__', '']), rng.pick(ODD_STRINGS));
  if (!valid && rng.chance(0.1)) for (let i = 0; i < 50; i++) query.append('limit', String(i));
  const qs = query.toString();
  if (qs) url += `?${qs}`;

  const request: InjectOptions & { method: string; url: string } = {
    method: op.method.toUpperCase(),
    url,
    headers: {},
  };
  const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema || (!valid && rng.chance(0.2))) {
    const body = bodySchema
      ? valid
        ? tools.valid(bodySchema)
        : tools.invalid(bodySchema)
      : { unexpected: true };
    const shape = valid
      ? 'json'
      : rng.weighted<string>([
          [6, 'json'],
          [1, 'broken-json'],
          [1, 'empty'],
          [1, 'text'],
          [1, 'form'],
          [1, 'multipart'],
          [1, 'deep'],
          [1, 'huge'],
        ]);
    switch (shape) {
      case 'json':
        request.payload = JSON.stringify(body);
        request.headers = {
          'content-type': rng.pick([
            'application/json',
            'application/json; charset=utf-8',
            'Application/JSON',
          ]),
        };
        break;
      case 'broken-json':
        request.payload = rng.pick([
          '{',
          '{"a":',
          '[1,2',
          '{"a":1}}',
          'nul',
          '"\\ud800"',
          '{"a":1,"a":2}',
          '\u0000',
          `{"name":"${'x'.repeat(100)}`,
          '{"__proto__":{"x":1}}',
        ]);
        request.headers = { 'content-type': 'application/json' };
        break;
      case 'empty':
        request.payload = '';
        request.headers = { 'content-type': 'application/json' };
        break;
      case 'text':
        request.payload = JSON.stringify(body);
        request.headers = {
          'content-type': rng.pick([
            'text/plain',
            'application/xml',
            '',
            'application/json-patch+json',
            'application/json; charset=latin1',
            '*/*',
          ]),
        };
        break;
      case 'form':
        request.payload = 'name=x&kind=individual';
        request.headers = { 'content-type': 'application/x-www-form-urlencoded' };
        break;
      case 'multipart':
        request.payload = '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n';
        request.headers = { 'content-type': 'multipart/form-data; boundary=b' };
        break;
      case 'deep': {
        const depth = rng.pick([100, 5000, 100_000]);
        request.payload = `{"name":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
        request.headers = { 'content-type': 'application/json' };
        break;
      }
      case 'huge':
        request.payload = JSON.stringify({ name: 'x'.repeat(rng.pick([100_000, 1_100_000])) });
        request.headers = { 'content-type': 'application/json' };
        break;
    }
  }
  return request;
}
