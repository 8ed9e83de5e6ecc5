import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import type { PresenceTimers } from '@kefu/cti-server/services/console/console-presence';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

/** Grace timers the test fires by hand instead of waiting 10 s. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let last = 0;
  const timers: PresenceTimers = {
    setTimeout: (fn) => (due.set(++last, fn), last),
    clearTimeout: (handle) => void due.delete(handle as number),
  };
  return {
    timers,
    fireAll() {
      const fns = [...due.values()];
      due.clear();
      for (const fn of fns) fn();
    },
  };
}

describe.each(PROVIDERS)('realtime sockets on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let sup: Login;
  let a1002: Login;
  let a1003: Login;
  const grace = manualTimers();
  const sockets: Socket[] = [];

  const tokenOf = (who: Login) => who.headers.authorization.slice('Bearer '.length);
  const open = (token: string | undefined) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        path: '/socket.io',
        auth: token === undefined ? {} : { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
  const next = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));
  const setState = (who: Login, ext: string, payload: object) =>
    app.inject({ method: 'PUT', url: `/api/agents/${ext}/state`, headers: who.headers, payload });

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    const config = loadConfig({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
      TOKEN_SECRET: 'test-secret',
    });
    app = await buildApp({
      config,
      db: tdb.db,
      logger: false,
      realtime: { consoleGraceMs: 10_000, timers: grace.timers },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    [sup, a1002, a1003] = await Promise.all([
      loginAs(app, 'sup1'),
      loginAs(app, '1002'),
      loginAs(app, '1003'),
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await tdb?.drop();
  });

  it('refuses a handshake without a valid token', async () => {
    await expect(open('not-a-token')).rejects.toThrow('unauthorized');
    await expect(open(undefined)).rejects.toThrow('unauthorized');
  });

  it('sends agent.state to supervisors and to the agent concerned only', async () => {
    const [supSocket, agentSocket, otherSocket] = await Promise.all(
      [sup, a1002, a1003].map((who) => open(tokenOf(who))),
    );
    const toSupervisor = next<{ extension: string }>(supSocket!, 'agent.state');
    const toAgent = next<{ extension: string }>(agentSocket!, 'agent.state');
    const metrics = next<{ queue: string }>(supSocket!, 'queue.metrics');
    const toOther = next<{ extension: string }>(otherSocket!, 'agent.state');

    expect((await setState(a1002, '1002', { state: 'ready' })).statusCode).toBe(200);
    const expected = {
      extension: '1002',
      from: 'logged_out',
      state: 'ready',
      reason: 'login',
      actorId: a1002.user.id,
    };
    expect(await toSupervisor).toMatchObject(expected);
    expect(await toAgent).toMatchObject(expected);
    expect(await metrics).toHaveProperty('agentsByState');

    // 1003's socket sees its own change first: 1002's was never sent to it.
    await setState(sup, '1003', { state: 'not_ready', reason: 'meeting' });
    expect(await toOther).toMatchObject({ extension: '1003', state: 'not_ready', actorId: sup.user.id });

    const offered = next(agentSocket!, 'call.offered');
    const call = { callId: 'c-1', ani: '+8613800138000', dnis: '4001', customerId: null, queueId: null };
    app.realtime.emitToAgent('1002', 'call.offered', call);
    expect(await offered).toEqual(call);
  });

  it('keeps the agent offerable for the grace period after the console closes', async () => {
    const agentId = a1002.user.agentId!;
    const consoleConnected = () => app.acd.agentContext(agentId)!.consoleConnected;
    for (const s of sockets.filter((s) => s.connected)) s.close();
    await vi.waitFor(() => expect(app.realtime.consolesInGrace()).toContain(agentId));
    expect(consoleConnected()).toBe(true);

    grace.fireAll();
    expect(consoleConnected()).toBe(false);

    await open(tokenOf(a1002));
    await vi.waitFor(() => expect(consoleConnected()).toBe(true));
  });
});
