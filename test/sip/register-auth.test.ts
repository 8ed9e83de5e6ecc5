import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { openUdpProbe, sipRequest } from './udp-probe.js';

/**
 * Password guessing against the registrar. Own stack: after the limit the whole source address
 * (127.0.0.1) is refused for a minute, which would lock out every other SIPp phone.
 */
describe('registrar digest failures over real SIP', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 5 wrong digests with 401 and the 6th with 403, and registers nothing', async () => {
    const run = await runSipp({
      scenarioFile: scenario('agent-register-wrong.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext: '1009', failures: '5' },
      extra: ['-au', '1009', '-ap', 'not-the-password'],
    });
    const { code, output } = await run.done;
    expect(code, output).toBe(0);
    expect(stack.app.sip.locations.lookup('1009')).toEqual([]);
    expect(stack.app.sip.registrar.limiter.isBlocked('127.0.0.1', '1009')).toBe(true);
  });

  it('then refuses that source at once, before any challenge, for any user', async () => {
    const probe = await openUdpProbe(stack.sipPort);
    try {
      const uri = `sip:1001@127.0.0.1:${stack.sipPort}`;
      await probe.send(
        sipRequest(probe, 'REGISTER', uri, 'blocked-1', [`Contact: <sip:1001@127.0.0.1:${probe.port}>`]),
      );
      expect(await probe.next(2000)).toMatch(/^SIP\/2\.0 403 /);
    } finally {
      await probe.close();
    }
    expect(stack.app.sip.locations.lookup('1001')).toEqual([]);
  });
});
