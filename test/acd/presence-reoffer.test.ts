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
import type { CallOfferWithdrawn } from '@kefu/cti-server/services/routing/acd-events';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

/**
 * An agent whose console goes away while a call rings for them stops being offered calls, and
 * the ringing call goes to someone else; supervisor changes name the supervisor.
 */
describe('agent presence and supervisor changes around an offer', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let salesId: string;
  const due = new Set<() => void>();
  const timers: PresenceTimers = {
    setTimeout: (fn) => (due.add(fn), fn),
    clearTimeout: (handle) => void due.delete(handle as () => void),
  };
  const sockets: Socket[] = [];

  const open = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        path: '/socket.io',
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  const tokenOf = (who: Awaited<ReturnType<typeof loginAs>>) => who.headers.authorization.slice(7);
  const agentId = (ext: string) => app.agentDirectory.agentByExtension(ext)!.id;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite', 10);
    salesId = (await tdb.db.queue.findUniqueOrThrow({ where: { name: 'sales' } })).id;
    const config = loadConfig({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
      TOKEN_SECRET: 't',
    });
    app = await buildApp({ config, db: tdb.db, logger: false, realtime: { consoleGraceMs: 10_000, timers } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await tdb?.drop();
  });

  it('console closed while ringing: the call is re-offered, the agent gets no call until it is back', async () => {
    const [a1002, sup] = await Promise.all([loginAs(app, '1002'), loginAs(app, 'sup1')]);
    const console1002 = await open(tokenOf(a1002));
    const supervisor = await open(tokenOf(sup));
    const withdrawn: CallOfferWithdrawn[] = [];
    app.acdEvents.on('offerWithdrawn', (e) => withdrawn.push(e));
    const setState = (who: typeof sup, ext: string, payload: object) =>
      app.inject({ method: 'PUT', url: `/api/agents/${ext}/state`, headers: who.headers, payload });

    expect((await setState(a1002, '1002', { state: 'ready' })).statusCode).toBe(200);
    const row = await tdb.db.interaction.create({ data: { callId: 'pr-1', queueId: salesId } });
    app.acd.enqueue({ callId: 'pr-1', queueId: salesId });
    app.acd.ringing('pr-1');
    expect(app.acd.callAgent('pr-1')).toBe(agentId('1002'));
    // A supervisor brings 1003 in: stored and announced with the supervisor as actor.
    const announced: unknown[] = [];
    supervisor.on('agent.state', (e: unknown) => announced.push(e));
    expect((await setState(sup, '1003', { state: 'ready' })).statusCode).toBe(200);
    await vi.waitFor(() =>
      expect(announced).toContainEqual(
        expect.objectContaining({ extension: '1003', state: 'ready', actorId: sup.user.id }),
      ),
    );
    const history = (
      await app.inject({ url: '/api/agents/1003/states', headers: sup.headers })
    ).json() as Array<{
      actorId: string;
      actor: { username: string };
    }>;
    expect(history[0]).toMatchObject({ actorId: sup.user.id, actor: { username: 'sup1' } });

    // 1002's console closes; after the grace period the ringing call moves to 1003.
    console1002.close();
    await vi.waitFor(() => expect(app.realtime.consolesInGrace()).toContain(agentId('1002')));
    expect(app.acd.callAgent('pr-1')).toBe(agentId('1002'));
    for (const fire of [...due]) fire();
    expect(withdrawn).toEqual([
      expect.objectContaining({ callId: 'pr-1', extension: '1002', reason: 'console_disconnected' }),
    ]);
    expect(app.acd.callAgent('pr-1')).toBe(agentId('1003'));
    const view = (await app.inject({ url: '/api/agents/1002', headers: sup.headers })).json() as {
      consoleConnected: boolean;
    };
    expect(view.consoleConnected).toBe(false);

    // 1002 is not offered the next call while its console is away; it is once the console is back.
    app.acd.enqueue({ callId: 'pr-2', queueId: salesId });
    expect(app.acd.callPhase('pr-2')).toBe('waiting');
    await open(tokenOf(a1002));
    await vi.waitFor(() => expect(app.acd.callAgent('pr-2')).toBe(agentId('1002')));

    // Both offers of pr-1 are explained on its interaction.
    const stored = (
      await app.inject({ url: `/api/interactions/${row.id}`, headers: sup.headers })
    ).json() as {
      routing: Array<{ extension: string }>;
    };
    expect(stored.routing.map((d) => d.extension)).toEqual(['1002', '1003']);
    app.acd.abandon('pr-1');
    app.acd.abandon('pr-2');
  });
});
