import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';

/** The real Fastify app on a test database, exercised with inject() (no sockets). */
export async function buildTestApp(db: Db, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-data-')),
    TOKEN_SECRET: 'test-secret',
    ...env,
  });
  const app = await buildApp({ config, db, logger: false });
  await app.ready();
  return app;
}

/** Logs in through the API and returns the bearer header for that user. */
export async function loginAs(app: FastifyInstance, username: string, password = `demo-${username}`) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { token: string; user: { id: string; agentId: string | null } };
  return { headers: { authorization: `Bearer ${body.token}` }, user: body.user };
}
