import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

/**
 * The console's phone registers with a password the server issues (GET /api/auth/sip-credentials),
 * so the browser never keeps the agent's web password; a desk phone keeps the agent's own SIP
 * password. SIPp plays the phone with each.
 */
describe('console SIP credentials at the registrar', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const register = async (ext: string, password: string) => {
    const run = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext },
      timeoutSeconds: 20,
      extra: ['-au', ext, '-ap', password, '-oocsf', scenario('agent-answer.xml')],
    });
    try {
      await eventually(async () => stack.app.sip.locations.lookup(ext).length > 0, 10_000);
    } finally {
      run.process.kill('SIGKILL');
      await run.done;
    }
  };

  it('registers with the issued console password and with the desk-phone password', async () => {
    const res = await stack.app.inject({
      url: '/api/auth/sip-credentials',
      headers: await stack.headers('1004'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const { password } = res.json() as { password: string };
    await register('1004', password);
    await register('1006', 'demo-1006');
  }, 40_000);

  it("refuses another extension's console password", async () => {
    const res = await stack.app.inject({
      url: '/api/auth/sip-credentials',
      headers: await stack.headers('1004'),
    });
    const { password } = res.json() as { password: string };
    await expect(register('1007', password)).rejects.toThrow();
    expect(stack.app.sip.locations.lookup('1007')).toEqual([]);
  }, 40_000);
});
