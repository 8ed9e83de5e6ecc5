// kefu as a new user runs it: its own process on its own host (a namespace), default network
// settings — no SIP_HOST, SIP_PORT, HTTP_HOST, HTTP_PORT, RTP_HOST, SIP_PUBLIC_HOST or
// MEDIA_PUBLIC_ADDRESS — and the demo data in DATA_DIR's SQLite file, as `./kefu start` leaves it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, seedDemo } from '@kefu/db';
import { SHARED_PROMPTS_DIR } from '../support/shared-prompts.js';
import type { Topology } from './topology.js';

/**
 * The kefu checkout whose server runs on the bed: this one, or KEFU_NET_SERVER_REPO (another
 * checkout with its dependencies installed, e.g. a release before a fix, to see these tests fail).
 */
const REPO = process.env.KEFU_NET_SERVER_REPO ?? path.resolve(import.meta.dirname, '..', '..');

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

export interface KefuHost {
  api: string;
  /** Bearer headers for a demo user (password demo-<username>). */
  headers(username: string): Promise<Record<string, string>>;
  /** The server's log so far. */
  log(): string;
  stop(): Promise<void>;
}

export async function startKefuHost(topology: Topology): Promise<KefuHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-net-'));
  const target = { provider: 'sqlite' as const, location: path.join(dataDir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  await seedDemo(db, { customers: 60 });
  // The carrier's networks, as an administrator enters them (Trunks → allowed CIDRs).
  await db.trunk.create({
    data: { name: 'carrier', direction: 'inbound', allowedCidrs: '198.51.100.0/24, 2001:db8:c::/64' },
  });
  // A carrier on kefu's third network too (the multi-homed test calls in from there).
  await db.trunk.create({
    data: { name: 'other-carrier', direction: 'inbound', allowedCidrs: '198.19.0.0/24, 2001:db8:d::/64' },
  });
  // Open around the clock, so the IVR path does not depend on the hour the suite runs at (the
  // demo lines close at 21:00 Shanghai time and on Sundays).
  await db.line.updateMany({ data: { businessHours: ALL_DAY, holidays: [] } });
  await db.$disconnect();

  const logFile = path.join(dataDir, 'server.log');
  const out = createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir };
  env.TOKEN_SECRET = 'net-test-secret';
  env.PROMPTS_DIR = SHARED_PROMPTS_DIR;
  env.UI_DIST = path.join(dataDir, 'no-ui');
  if (process.env.KEFU_NET_LOG_LEVEL) env.LOG_LEVEL = process.env.KEFU_NET_LOG_LEVEL;
  const child: ChildProcess = topology.bed.spawnIn(
    topology.kefu,
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'cti-server', 'src', 'server.ts')],
    { cwd: path.join(REPO, 'cti-server'), env },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const api = `http://${topology.apiHost}:8080`;
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 90_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`kefu exited (${exitCode}) before it was up:\n${log().slice(-3000)}`);
    try {
      const res = await fetch(`${api}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`kefu not up in 90 s:\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  const tokens = new Map<string, string>();
  return {
    api,
    log,
    async headers(username) {
      let token = tokens.get(username);
      if (!token) {
        const res = await fetch(`${api}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: `demo-${username}` }),
        });
        token = ((await res.json()) as { token: string }).token;
        tokens.set(username, token);
      }
      return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    },
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      out.end();
    },
  };
}
