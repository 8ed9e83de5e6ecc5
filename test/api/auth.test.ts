import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

describe.each(PROVIDERS)('auth API on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    app = await buildTestApp(tdb.db);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('logs an agent in and returns a token with the user and extension', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '1001', password: 'demo-1001' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: '1001', role: 'agent', extension: '1001' });
    const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.json()).toMatchObject({ username: '1001', role: 'agent' });
  });

  it.each([
    ['wrong password', { username: '1001', password: 'nope' }, 401],
    ['unknown user', { username: 'ghost', password: 'demo-ghost' }, 401],
    ['missing password', { username: '1001' }, 400],
    ['wrong types', { username: 1001, password: ['x'] }, 400],
    ['extra fields', { username: '1001', password: 'demo-1001', role: 'admin' }, 400],
  ])('refuses %s', async (_what, payload, status) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toEqual(expect.any(String));
  });

  it("gives an agent's console SIP credentials of its own (not the web password), none to users without an extension", async () => {
    const { headers } = await loginAs(app, '1001');
    const res = await app.inject({ url: '/api/auth/sip-credentials', headers });
    expect(res.statusCode, res.body).toBe(200);
    const creds = res.json();
    expect(creds).toMatchObject({ username: '1001', realm: 'kefu' });
    expect(creds.password).toMatch(/^[\w-]{24}$/);
    expect(creds.password).not.toBe('demo-1001');
    expect(Date.parse(creds.expiresAt)).toBeGreaterThan(Date.now() + 86_400_000);
    expect((await app.inject({ url: '/api/auth/sip-credentials' })).statusCode).toBe(401);
    // Marketing has no phone (sup1 has one, 1090, for monitoring).
    const mkt = await loginAs(app, 'mkt1');
    expect((await app.inject({ url: '/api/auth/sip-credentials', headers: mkt.headers })).statusCode).toBe(
      409,
    );
  });

  it('refuses malformed JSON with a clear message', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "1001", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/JSON/);
  });

  it('refuses requests without a token, with a tampered token, or a token from another secret', async () => {
    const { headers } = await loginAs(app, 'sup1');
    expect((await app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    const tampered = headers.authorization.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: tampered } })).statusCode).toBe(
      401,
    );
    const other = await buildTestApp(tdb.db, { TOKEN_SECRET: 'another-secret' });
    expect((await other.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401);
    await other.close();
  });

  it('stops answering a disabled user at once', async () => {
    const { headers, user } = await loginAs(app, '1020');
    await tdb.db.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401);
    await tdb.db.user.update({ where: { id: user.id }, data: { active: true } });
  });

  const login = (remoteAddress: string, username: string, password = `demo-${username}`) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });

  it('rate-limits password guessing per client: 25 guesses at once, 5 checked, the rest 429 with Retry-After', async () => {
    const guesses = await Promise.all(Array.from({ length: 25 }, () => login('10.9.9.9', '1002', 'guess')));
    const statuses = guesses.map((r) => r.statusCode);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    const refused = guesses.find((r) => r.statusCode === 429);
    expect(refused?.headers['retry-after']).toBe('60');
    expect(refused?.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('throttles only the guessed (address, username): a supervisor on that address and the user elsewhere log in', async () => {
    for (let i = 0; i < 5; i++) expect((await login('10.9.9.10', '1003', 'wrong')).statusCode).toBe(401);
    const throttled = await login('10.9.9.10', '1003');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('10.9.9.10', 'sup1')).statusCode).toBe(200);
    expect((await login('10.9.9.11', '1003')).statusCode).toBe(200);
  });

  it('throttles an address that fails 10 usernames, for every username, and no other address', async () => {
    for (let i = 0; i < 10; i++) expect((await login('10.9.9.12', `nobody${i}`, 'x')).statusCode).toBe(401);
    const throttled = await login('10.9.9.12', 'sup1');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('600');
    expect((await login('10.9.9.13', 'sup1')).statusCode).toBe(200);
  });

  it('never throttles successful logins: an office behind one address logs in 30 times in a row', async () => {
    const results = [];
    for (let i = 0; i < 30; i++) results.push((await login('10.9.9.14', i % 2 ? 'sup1' : '1004')).statusCode);
    expect(results.every((s) => s === 200)).toBe(true);
  });
});
