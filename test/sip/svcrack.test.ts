import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, setAgentState, startAgentPhone, untilRegistered } from './agent-phone.js';

const SVCRACK = '/usr/bin/svcrack';

/**
 * SIPVicious (Debian's `sipvicious`), what scanners on the Internet run: `svcrack` guesses 1001's
 * password with a dictionary holding the right one at line 20. Its `-b` (bind address) is not
 * passed on by this version, so it guesses from 127.0.0.1; 1001's own phone is on 127.0.0.2 and a
 * colleague, 1002, shares the guesser's address (an office NAT). Both register and take a call
 * while the guesser is shut out.
 *
 * With the default settings its User-Agent ("friendly-scanner") is dropped unanswered. An
 * attacker who renames the tool gets past that filter, which this version cannot do, so the
 * second run turns the filter off (SIP_DROP_SCANNERS=false) to stand for it: then the password
 * guard bans the guesser's (address, extension) pair and nobody else.
 */
describe.each([
  ['scanner filter on (default)', {}],
  ['a renamed cracker (scanner filter off)', { SIP_DROP_SCANNERS: 'false' }],
] as const)('svcrack against an agent extension: %s', (_name, env) => {
  let stack: CtiStack;
  const filtered = Object.keys(env).length === 0;

  beforeAll(async () => {
    if (!existsSync(SVCRACK)) throw new Error('SIPVicious is needed: apt-get install -y sipvicious');
    stack = await startCtiStack('sqlite', env);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const carrierCall = (ani: string) =>
    runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani },
    });
  const answeredBy = async (ani: string) =>
    (
      await stack.tdb.db.interaction.findFirst({
        where: { ani: { endsWith: ani }, answeredAt: { not: null } },
        include: { agent: true },
      })
    )?.agent?.extension;

  it("cracks nothing; 1001's phone elsewhere and 1002 on the guesser's address register and take calls", async () => {
    const dictionary = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-svcrack-')), 'passwords.txt');
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 19 ? 'demo-1001' : `guess-${i}`));
    writeFileSync(dictionary, `${guesses.join('\n')}\n`);
    const crack = run(SVCRACK, [
      ...['-u', '1001', '-d', dictionary, '-p', String(stack.sipPort), '--maximumtime', '5'],
      '127.0.0.1',
    ]);
    const limiter = stack.app.sip.registrar.limiter;
    const guard = stack.app.sip.floodGuard;
    if (filtered) await eventually(async () => guard.stats.dropped.scanner > 0);
    else await eventually(async () => limiter.isBlocked('127.0.0.1', '1001', 'UDP'));

    // 1001's own phone on another address.
    const run1001 = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      localIp: '127.0.0.2',
      vars: { ext: '1001' },
      extra: ['-au', '1001', '-ap', 'demo-1001', '-oocsf', scenario('agent-answer.xml')],
    });
    await untilRegistered(stack, '1001', run1001);
    expect(stack.app.sip.locations.lookup('1001')[0]?.flow.address).toBe('127.0.0.2');
    await setAgentState(stack, '1001', 'ready');
    const first = await carrierCall('13900000015');
    const [c1, phone1001] = await Promise.all([first.done, run1001.done]);
    expect(c1.code, c1.output).toBe(0);
    expect(phone1001.code, phone1001.output).toBe(0);
    expect(await answeredBy('13900000015')).toBe('1001');

    // A colleague behind the guesser's address.
    const phone1002 = await startAgentPhone(stack, '1002', 'answer');
    const second = await carrierCall('13900000016');
    const [c2] = await Promise.all([second.done, expectPhoneDone(phone1002)]);
    expect(c2.code, c2.output).toBe(0);
    expect(await answeredBy('13900000016')).toBe('1002');

    const cracked = await crack;
    expect(cracked.output).toMatch(/found nothing/);
    expect(cracked.output).not.toContain('demo-1001');
    // Filtered: no guess reached the password check. Else: banned, nothing counted since.
    expect(limiter.failuresFor('127.0.0.1', '1001', 'UDP')).toBe(0);
    if (filtered) expect(limiter.isBlocked('127.0.0.1', '1001', 'UDP')).toBe(false);
  });
});

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
