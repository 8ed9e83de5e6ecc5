import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/database.js';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { expectPhoneDone, setAgentState, startAgentPhone, untilRegistered } from './agent-phone.js';

/**
 * Issue 13: registrations persist, so desk phones are reachable right after a restart without
 * registering again, and the agents' phone state is what was restored.
 *
 * A SIPp desk phone (UDP) registers as 1001 and a SIPp phone on TCP as 1003; then the server
 * dies and a new one starts on the same database and SIP port. The stack runs in-process, so the
 * crash is emulated: the first server is closed without anything reaching the phones (kefu has
 * no unregistration path at all), and its registrations store stops before its transports close,
 * as a killed process would, so the TCP connection closing is not written either. What a real
 * `kill -9` loses besides — the last write-behind batch — the test does not rely on: it waits
 * until both bindings are in the database before the "crash".
 */
describe.each(PROVIDERS)('registrations across a restart (%s)', (provider) => {
  let tdb: TestDatabase;
  let sipPort: number;
  let first: CtiStack | undefined;
  let second: CtiStack | undefined;
  let tcpPhone: SippRun | undefined;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    sipPort = await freeUdpPort();
  });
  afterAll(async () => {
    tcpPhone?.process.kill('SIGKILL');
    await first?.close();
    await second?.close();
    await tdb?.drop();
  });

  const phoneState = async (stack: CtiStack, ext: string) => {
    const res = await stack.app.inject({ url: `/api/agents/${ext}`, headers: await stack.headers(ext) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { state: string; phoneRegistered: boolean };
  };

  it('a UDP desk phone is called by the restarted server without registering again; a TCP one is gone', async () => {
    first = await startCtiStack(provider, {}, undefined, { database: tdb, sipPort });
    const phone = await startAgentPhone(first, '1001', 'answer', { ready: false, timeoutSeconds: 25 });
    tcpPhone = await runSipp({
      scenarioFile: scenario('agent-phone.xml'),
      target: `127.0.0.1:${sipPort}`,
      transport: 't1',
      vars: { ext: '1003' },
      timeoutSeconds: 25,
      extra: ['-au', '1003', '-ap', 'demo-1003', '-oocsf', scenario('agent-answer.xml')],
    });
    await untilRegistered(first, '1003', tcpPhone);
    await eventually(async () => (await tdb.db.registration.count()) === 2);

    // The crash (see above), then a new server on the same data and SIP port.
    await first.close();
    first = undefined;
    // Left as a crash leaves it: the TCP phone's binding too, though its connection is gone.
    expect(await tdb.db.registration.count()).toBe(2);
    second = await startCtiStack(provider, {}, undefined, { database: tdb, sipPort });

    // Only the UDP binding is back, in memory and in the store; no call record is left open.
    expect(second.app.sip.locations.lookup('1001')).toMatchObject([
      { flow: { protocol: 'UDP', address: '127.0.0.1', port: phone.run.port } },
    ]);
    expect(second.app.sip.locations.lookup('1003')).toEqual([]);
    expect(await tdb.db.registration.findMany({ select: { aor: true, transport: true } })).toEqual([
      { aor: '1001', transport: 'UDP' },
    ]);
    expect(await tdb.db.interaction.count({ where: { endedAt: null } })).toBe(0);
    // The ACD's phone state is what was restored.
    expect(await phoneState(second, '1001')).toMatchObject({ state: 'logged_out', phoneRegistered: true });
    expect(await phoneState(second, '1003')).toMatchObject({ phoneRegistered: false });

    // The agent logs in and goes ready; a carrier's call rings the phone, which answers.
    await setAgentState(second, '1001', 'ready');
    const call = await runSipp({
      scenarioFile: scenario('carrier-call.xml'),
      target: `127.0.0.1:${sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000131' },
      timeoutSeconds: 15,
    });
    const c = await call.done;
    expect(c.code, c.output).toBe(0);
    // The phone registered once (CSeq 1 and 2: 401, then 200), before the crash; it was called
    // with nothing sent in between, then unregistered (CSeq 3 and 4) at the new server.
    await expectPhoneDone(phone);
    const trace = phone.messages();
    const invitedAt = trace.search(/^INVITE sip:1001@127\.0\.0\.1:/m);
    expect(invitedAt, trace).toBeGreaterThan(0);
    expect(trace.slice(0, invitedAt)).not.toMatch(/^CSeq: 3 REGISTER/m);
    expect(trace.slice(invitedAt)).toMatch(/^CSeq: 4 REGISTER/m);
    const row = await eventually(async () => {
      const r = await tdb.db.interaction.findFirst({
        where: { ani: { endsWith: '13900000131' } },
        include: { agent: true },
      });
      return r?.endedAt ? r : null;
    });
    expect(row.answeredAt).not.toBeNull();
    expect(row.agent?.extension).toBe('1001');
  }, 30_000);
});
