import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * A lossy carrier over UDP: SIPp drops 10 % of its datagrams (-lost), so INVITE, ACK and BYE are
 * retransmitted and the server's 200s are repeated (Timer G,
 * https://www.rfc-editor.org/rfc/rfc3261#section-13.3.1.4); every call must still complete
 * exactly once.
 */
describe('UDP retransmissions from a lossy carrier', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('completes 5 calls with 10 % packet loss, one record each', async () => {
    const exts = ['1001', '1002', '1003', '1004', '1005'];
    const phones = [];
    for (const ext of exts) phones.push(await startAgentPhone(stack, ext, 'answer', { timeoutSeconds: 60 }));
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000007' },
      calls: 5,
      rate: 2,
      timeoutSeconds: 60,
      extra: ['-lost', '10'],
    });
    const [c] = await Promise.all([carrier.done, ...phones.map(expectPhoneDone)]);
    expect(c.code, c.output).toBe(0);

    const rows = await eventually(async () => {
      const ended = await stack.tdb.db.interaction.findMany({
        where: { ani: { endsWith: '13900000007' }, endedAt: { not: null } },
        include: { agent: true },
      });
      return ended.length >= 5 ? ended : null;
    });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.answeredAt !== null && r.sipCause === 200)).toBe(true);
    expect(new Set(rows.map((r) => r.agent?.extension))).toEqual(new Set(exts));
  }, 90_000);
});
