import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, seedDemo, type Db } from '@kefu/db';
import { eventually } from '../support/cti-stack.js';
import { freePort, freeUdpPort } from '../support/free-port.js';
import { laneRtpEnv } from '../support/lane.js';
import { SHARED_PROMPTS_DIR } from '../support/shared-prompts.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const LINE = '4008003000';
const DRAIN_SECONDS = 5;

/**
 * `SIGTERM` to the server as it runs in production (its own process, `server.ts`): new calls
 * are refused with 503 and Retry-After, calls in progress go on until they end by themselves
 * or SHUTDOWN_DRAIN_SECONDS pass, then the rest are hung up on both legs, every record is
 * closed and the process exits 0.
 */
describe('graceful shutdown (SIGTERM drains calls)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-drain-'));
  const target = { provider: 'sqlite' as const, location: path.join(dataDir, 'kefu.db') };
  const logFile = path.join(dataDir, 'server.log');
  let server: ChildProcess;
  let exited: Promise<number | null>;
  let sipPort: number;
  let api: string;
  const log = () => readFileSync(logFile, 'utf8');

  beforeAll(async () => {
    await migrate(target);
    const db = await openDatabase(target);
    await seedDemo(db, { customers: 10 });
    await db.$disconnect();
    sipPort = await freeUdpPort();
    const httpPort = await freePort();
    api = `http://127.0.0.1:${httpPort}`;
    const out = createWriteStream(logFile);
    server = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'cti-server', 'src', 'server.ts')], {
      cwd: path.join(REPO, 'cti-server'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        TOKEN_SECRET: 'drain-test-secret',
        PROMPTS_DIR: SHARED_PROMPTS_DIR,
        UI_DIST: path.join(dataDir, 'no-ui'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        SIP_HOST: '127.0.0.1',
        SIP_PORT: String(sipPort),
        ...laneRtpEnv(),
        SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.pipe(out);
    server.stderr?.pipe(out);
    exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
    await eventually(async () => (await fetch(`${api}/health`).catch(() => null))?.ok, 90_000);
  }, 120_000);

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  const login = async (username: string) => {
    const res = await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `demo-${username}` }),
    });
    return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  };

  /** An agent's SIPp phone that answers, registered and set ready. */
  const agentPhone = async (ext: string) => {
    const messageFile = path.join(mkdtempSync(path.join(tmpdir(), `kefu-phone-${ext}-`)), 'messages.log');
    const run = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${sipPort}`,
      vars: { ext },
      timeoutSeconds: 60,
      extra: [
        ...['-au', ext, '-ap', `demo-${ext}`],
        ...['-oocsf', scenario('agent-answer.xml')],
        ...['-trace_msg', '-message_file', messageFile],
      ],
    });
    const messages = () => {
      try {
        return readFileSync(messageFile, 'utf8');
      } catch {
        return '';
      }
    };
    await eventually(async () => /^SIP\/2\.0 200 /m.test(messages()), 20_000);
    const headers = { ...(await login(ext)), 'content-type': 'application/json' };
    const res = await fetch(`${api}/api/agents/${ext}/state`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ state: 'ready' }),
    });
    expect(res.status, await res.text()).toBe(200);
    return { run, messages };
  };

  const carrier = (file: string, ani: string, extra: string[] = []): Promise<SippRun> =>
    runSipp({
      scenarioFile: scenario(file),
      target: `127.0.0.1:${sipPort}`,
      service: LINE,
      vars: { ani },
      timeoutSeconds: 60,
      extra,
    });

  it('refuses new INVITEs with 503 + Retry-After, lets calls finish, hangs up the rest with BYE, closes every record and exits 0', async () => {
    const longPhone = await agentPhone('1005');
    // Up until the server hangs it up.
    const staysUp = await carrier('carrier-call-until-bye.xml', '13900000071');
    await eventually(async () => /^ACK /m.test(longPhone.messages()), 20_000);
    const shortPhone = await agentPhone('1006');
    // Talks 2 s then hangs up by itself, inside the drain.
    const endsBySelf = await carrier('carrier-call-timed.xml', '13900000072', ['-d', '2000']);
    await eventually(async () => /^ACK /m.test(shortPhone.messages()), 20_000);
    // No agent is left: this one waits in the queue.
    const waiting = await carrier('carrier-expect-503.xml', '13900000073');
    await new Promise((r) => setTimeout(r, 500));

    const signalledAt = Date.now();
    server.kill('SIGTERM');
    // A relayed copy of the same signal (pnpm, tsx, a terminal's process group) changes nothing.
    server.kill('SIGTERM');
    await eventually(async () => log().includes('draining calls'), 5_000);

    // A new call during the drain: 503 with Retry-After (checked by the scenario).
    const refused = await carrier('carrier-expect-503.xml', '13900000074');
    const r = await refused.done;
    expect(r.code, r.output).toBe(0);

    // The call that ends by itself ends as usual, before the drain time is up.
    const s = await endsBySelf.done;
    expect(s.code, s.output).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(DRAIN_SECONDS * 1000);

    // Then the rest: BYE to the carrier and to the agent's phone, 503 to the one waiting.
    const l = await staysUp.done;
    expect(l.code, l.output).toBe(0);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(DRAIN_SECONDS * 1000 - 200);
    expect(longPhone.messages()).toMatch(/^BYE sip:/m);
    const w = await waiting.done;
    expect(w.code, w.output).toBe(0);
    // The phones' calls ended and they unregistered: REGISTER is still answered while draining.
    for (const phone of [longPhone, shortPhone]) {
      const p = await phone.run.done;
      expect(p.code, `${p.output}\n${phone.messages()}`).toBe(0);
    }

    expect(await exited).toBe(0);
    expect(log()).toContain('calls drained');

    const db: Db = await openDatabase(target);
    try {
      const rowOf = (ani: string) =>
        db.interaction.findFirst({ where: { ani: { endsWith: ani } }, include: { events: true } });
      const [hungUp, bySelf, queued, refusedRow] = await Promise.all(
        ['13900000071', '13900000072', '13900000073', '13900000074'].map(rowOf),
      );
      // Refused before routing: no record.
      expect(refusedRow).toBeNull();
      expect(hungUp).toMatchObject({ endedBy: 'system', sipCause: 503 });
      expect(hungUp!.events.map((e) => e.type)).toContain('shutdown');
      expect(bySelf).toMatchObject({ endedBy: 'caller' });
      expect(queued).toMatchObject({ endedBy: 'system', sipCause: 503 });
      expect(await db.interaction.count({ where: { endedAt: null } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);
});
