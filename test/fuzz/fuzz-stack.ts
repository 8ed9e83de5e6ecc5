import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Provider } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freeUdpPort } from '../support/free-port.js';
import { laneRtpEnv } from '../support/lane.js';
import { SHARED_PROMPTS_DIR } from '../support/shared-prompts.js';

/** A server log line at level error or fatal. */
export interface LoggedError {
  msg: string;
  line: string;
}

export interface FuzzStack {
  app: FastifyInstance;
  tdb: TestDatabase;
  sipPort: number;
  httpUrl: string;
  /** What the server logged at error level or above since it started. */
  errors: LoggedError[];
  /** Errors thrown past everything (uncaught exceptions, unhandled rejections) in this process. */
  uncaught: unknown[];
  close(): Promise<void>;
}

/**
 * The whole CTI server on loopback (random ports) on a throwaway seeded database, as the fuzzers
 * need it: its error log kept for the report, and the process's uncaught errors watched.
 */
export async function startFuzzStack(
  provider: Provider,
  env: Record<string, string>,
  sip: boolean,
): Promise<FuzzStack> {
  const tdb = await createTestDatabase(provider, 30);
  const sipPort = await freeUdpPort();
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kefu-fuzz-')),
    TOKEN_SECRET: 'fuzz-secret',
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(sipPort),
    PROMPTS_DIR: SHARED_PROMPTS_DIR,
    ...laneRtpEnv(),
    ...env,
  });
  const errors: LoggedError[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        try {
          const record = JSON.parse(line) as { level?: number; msg?: string };
          if ((record.level ?? 0) >= 50) errors.push({ msg: record.msg ?? '', line: line.slice(0, 4000) });
        } catch {
          errors.push({ msg: 'unparsable log line', line: line.slice(0, 4000) });
        }
      }
      done();
    },
  });
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const app = await buildApp({ config, db: tdb.db, logger: { level: 'error', stream }, sip });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    tdb,
    sipPort,
    httpUrl: `http://127.0.0.1:${port}`,
    errors,
    uncaught,
    async close() {
      await app.close();
      await tdb.drop();
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    },
  };
}

/** `count` per key, for the summary lines. */
export function tally(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

export function formatTally(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
