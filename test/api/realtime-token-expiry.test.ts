import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { TokenService, loadTokenSecret } from '@kefu/cti-server/services/auth/token-service';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { loginAs } from '../support/api-app.js';

type Login = Awaited<ReturnType<typeof loginAs>>;

const TTL_SECONDS = 2;

describe.each(PROVIDERS)('realtime sockets closed at their token expiry on %s', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let a1002: Login;
  /** Signs tokens the app accepts (its secret) that live `TTL_SECONDS` only. */
  let shortLived: TokenService;
  const sockets: Socket[] = [];

  const tokenOf = (who: Login) => who.headers.authorization.slice('Bearer '.length);
  const open = (token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(url, {
        path: '/socket.io',
        auth: { token },
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

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-data-'));
    const config = loadConfig({ DATA_DIR: dataDir, TOKEN_SECRET: 'test-secret' });
    app = await buildApp({ config, db: tdb.db, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    a1002 = await loginAs(app, '1002');
    shortLived = new TokenService(loadTokenSecret('test-secret', dataDir), TTL_SECONDS);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await tdb?.drop();
  });

  it('disconnects the socket at the expiry; it gets no later event, a fresh token connects again', async () => {
    const { token, expiresAt } = shortLived.sign(a1002.user.id, 'agent');
    const expiring = await open(token);
    const lasting = await open(tokenOf(a1002));
    const received: string[] = [];
    expiring.onAny((event: string) => received.push(event));

    const reason = await new Promise<string>((resolve) => expiring.once('disconnect', resolve));
    // Closed by the server (not a transport loss), once the token is no longer valid.
    expect(reason).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime() - 50);
    expect(lasting.connected).toBe(true);

    // The user's room still has the lasting socket: the event reaches it and not the closed one.
    const offered = new Promise((resolve) => lasting.once('call.offered', resolve));
    const call = { callId: 'c-exp', ani: '+8613800138000', dnis: '4001', customerId: null, queueId: null };
    app.realtime.emitToUser(a1002.user.id, 'call.offered', call);
    expect(await offered).toEqual(call);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).not.toContain('call.offered');

    // Reconnecting with the expired token is refused (the console then shows itself refused);
    // a fresh token works as before.
    await expect(open(token)).rejects.toThrow('unauthorized');
    const fresh = await open(tokenOf(await loginAs(app, '1002')));
    expect(fresh.connected).toBe(true);
  });

  it("closes a user's sockets the moment an admin disables the user; a reconnect is refused", async () => {
    const a1003 = await loginAs(app, '1003');
    const socket = await open(tokenOf(a1003));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const admin = await loginAs(app, 'admin');
    const res = await app.inject({
      method: 'POST',
      url: `/api/admin/users/${a1003.user.id}/disable`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await closed).toBe('io server disconnect');
    await expect(open(tokenOf(a1003))).rejects.toThrow('unauthorized');
  });
});
