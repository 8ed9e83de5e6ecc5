import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { startAgentPhone } from './agent-phone.js';

/** Toll-fraud guard: INVITEs from addresses no trunk allows. Own stack, as it narrows the trunk. */
describe('trunk allowlist over real SIP', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a call from an unknown source with 403, writes no record and rings no phone', async () => {
    const phone = await startAgentPhone(stack, '1007', 'answer');
    try {
      await stack.tdb.db.trunk.update({ where: { name: 'demo' }, data: { allowedCidrs: '127.0.0.2/32' } });
      await stack.app.sip.reloadTrunks();

      const call = await runSipp({
        scenarioFile: scenario('carrier-expect-403.xml'),
        target: `127.0.0.1:${stack.sipPort}`,
        service: '4008003000',
        vars: { ani: '13900000006' },
      });
      const { code, output } = await call.done;
      expect(code, output).toBe(0);
      expect(await stack.tdb.db.interaction.count({ where: { ani: { endsWith: '13900000006' } } })).toBe(0);
      expect(phone.messages()).toMatch(/^SIP\/2\.0 200/m); // it did register…
      expect(phone.messages()).not.toMatch(/^INVITE sip:/m); // …and was never called
    } finally {
      await phone.discard();
    }
  });
});
