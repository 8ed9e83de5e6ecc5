import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

/**
 * Password guessing against the registrar over real SIP. Linux routes all of 127/8 to loopback, so
 * 127.0.0.2 … 127.0.0.4 play other hosts: a guesser, an office NAT, a scanner. The failures of one
 * (address, user) pair must never refuse the agent's own phone elsewhere nor a colleague on the
 * guesser's address.
 */
describe('registrar password guessing over real SIP', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const guess = (ext: string, localIp: string, failures: number) =>
    runSipp({
      scenarioFile: scenario('agent-register-wrong.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      localIp,
      vars: { ext, failures: String(failures) },
      extra: ['-au', ext, '-ap', 'not-the-password'],
    });

  it('answers 5 wrong digests for 1001 from 127.0.0.2 with 401, then 503, and registers nothing', async () => {
    const { code, output } = await (await guess('1001', '127.0.0.2', 5)).done;
    expect(code, output).toBe(0);
    expect(stack.app.sip.locations.lookup('1001')).toEqual([]);
    const banned = await bareRegister(stack.sipPort, '127.0.0.2', '1001');
    expect(banned).toMatch(/^SIP\/2\.0 503 Too Many Failed Attempts\r\n/);
    expect(banned).toMatch(/\r\nRetry-After: (60|59)\r\n/);
    // A colleague on the guesser's address is challenged as usual.
    expect(await bareRegister(stack.sipPort, '127.0.0.2', '1002')).toMatch(/^SIP\/2\.0 401 /);
  });

  it("lets 1001's own phone register and take a call, and 1002 register from the guesser's address, while guessing goes on", async () => {
    // Guessing for 1001 carries on from another address while the phones register.
    const attacker = await guess('1001', '127.0.0.3', 5);
    const colleague = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      localIp: '127.0.0.2',
      vars: { ext: '1002' },
      extra: ['-au', '1002', '-ap', 'demo-1002', '-oocsf', scenario('agent-answer.xml')],
    });
    try {
      const phone = await startAgentPhone(stack, '1001', 'answer');
      await eventually(async () =>
        stack.app.sip.locations.lookup('1002').some((b) => b.flow.address === '127.0.0.2'),
      );
      const call = await runSipp({
        scenarioFile: scenario('carrier-call.xml'),
        target: `127.0.0.1:${stack.sipPort}`,
        service: '4008003000',
        vars: { ani: '13900000013' },
      });
      const [c] = await Promise.all([call.done, expectPhoneDone(phone)]);
      expect(c.code, c.output).toBe(0);
      const row = await stack.tdb.db.interaction.findFirst({
        where: { ani: { endsWith: '13900000013' } },
        include: { agent: true },
      });
      expect(row?.agent?.extension).toBe('1001');
      expect(row?.answeredAt).not.toBeNull();
      const attacked = await attacker.done;
      expect(attacked.code, attacked.output).toBe(0);
    } finally {
      colleague.process.kill('SIGKILL');
      await colleague.done;
    }
  });

  it('bans a scanner that fails 10 extensions from one address, for every extension, and nobody else', async () => {
    for (let ext = 3001; ext <= 3009; ext++) {
      const { code, output } = await (await guess(String(ext), '127.0.0.4', 5)).done;
      expect(code, output).toBe(0);
    }
    // The tenth extension: its first wrong digest (still answered 401) bans the whole address.
    const tenth = await (await guess('3010', '127.0.0.4', 1)).done;
    expect(tenth.code, tenth.output).toBe(0);
    const banned = await bareRegister(stack.sipPort, '127.0.0.4', '1003');
    expect(banned).toMatch(/^SIP\/2\.0 503 /);
    expect(banned).toMatch(/\r\nRetry-After: (600|599)\r\n/);
    expect(await bareRegister(stack.sipPort, '127.0.0.1', '1003')).toMatch(/^SIP\/2\.0 401 /);
  });
});

/** One REGISTER without credentials for `ext`, sent from `localIp`; the first response's text. */
async function bareRegister(serverPort: number, localIp: string, ext: string): Promise<string> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, localIp, resolve));
  try {
    const port = socket.address().port;
    const tag = `bare-${ext}-${port}`;
    const uri = `sip:${ext}@127.0.0.1:${serverPort}`;
    const message = [
      `REGISTER sip:127.0.0.1:${serverPort} SIP/2.0`,
      `Via: SIP/2.0/UDP ${localIp}:${port};branch=z9hG4bK-${tag};rport`,
      `From: <${uri}>;tag=${tag}`,
      `To: <${uri}>`,
      `Call-ID: ${tag}@${localIp}`,
      'CSeq: 1 REGISTER',
      `Contact: <sip:${ext}@${localIp}:${port}>`,
      'Expires: 60',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const reply = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to REGISTER ${ext} from ${localIp}`)), 3000);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        resolve(msg.toString('latin1'));
      });
    });
    socket.send(message, serverPort, '127.0.0.1');
    return await reply;
  } finally {
    socket.close();
  }
}
