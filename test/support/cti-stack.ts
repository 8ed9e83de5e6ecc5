import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Provider } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { createTestDatabase, type TestDatabase } from './database.js';
import { SHARED_PROMPTS_DIR } from './shared-prompts.js';
import { freeUdpPort } from './free-port.js';
import { laneRtpEnv } from './lane.js';

export interface CtiStack {
  app: FastifyInstance;
  tdb: TestDatabase;
  sipPort: number;
  httpUrl: string;
  /** Bearer headers for a user (logs in once per username). */
  headers(username: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export interface CtiStackOptions {
  /**
   * Run on this database instead of a fresh one (a server started again on the data of one
   * that stopped); `close()` then leaves it to the caller.
   */
  database?: TestDatabase;
  /** Listen for SIP on this port (the one a previous server had) instead of a free one. */
  sipPort?: number;
}

/** The whole CTI server (HTTP + SIP on loopback, random ports) on a fresh seeded database. */
export async function startCtiStack(
  provider: Provider = 'sqlite',
  env: Record<string, string> = {},
  /** Changes to the seeded data before the server reads it (queues, trunks…). */
  prepare?: (db: TestDatabase['db']) => Promise<void>,
  options: CtiStackOptions = {},
): Promise<CtiStack> {
  const tdb = options.database ?? (await createTestDatabase(provider));
  await prepare?.(tdb.db);
  const sipPort = options.sipPort ?? (await freeUdpPort());
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
    TOKEN_SECRET: 'test-secret',
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(sipPort),
    PROMPTS_DIR: SHARED_PROMPTS_DIR,
    ...laneRtpEnv(),
    ...env,
  });
  // KEFU_TEST_LOG=/path/file.log keeps the server's log of a run (debug level).
  const logFile = process.env.KEFU_TEST_LOG;
  const app = await buildApp({
    config,
    db: tdb.db,
    logger: logFile ? { level: 'debug', file: logFile } : false,
    sip: true,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const httpUrl = `${config.https ? 'https' : 'http'}://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = new Map<string, string>();
  return {
    app,
    tdb,
    sipPort,
    httpUrl,
    async headers(username) {
      let token = tokens.get(username);
      if (!token) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password: `demo-${username}` },
        });
        token = (res.json() as { token: string }).token;
        tokens.set(username, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await app.close();
      if (!options.database) await tdb.drop();
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
