import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';
import { setAgentState } from './agent-phone.js';

/**
 * Toll fraud (issue 13): what agents' phones may dial out of the carrier trunk. SIPp plays the
 * carrier (one call, every message it receives logged) and the phones (UDP, digest-challenged).
 * The carrier must see exactly one INVITE, the national call placed last: nothing refused or
 * unauthenticated before it reached the trunk.
 */
describe('outbound policy: agents dialling out', () => {
  let stack: CtiStack;
  let carrier: SippRun;
  const carrierLog = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-policy-')), 'carrier.log');
  let pushed: Array<[string, unknown]>;

  beforeAll(async () => {
    carrier = await runSipp({
      scenarioFile: scenario('carrier-uas.xml'),
      target: '127.0.0.1:5060',
      timeoutSeconds: 120,
      extra: ['-trace_msg', '-message_file', carrierLog],
    });
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.trunk.update({
        where: { name: 'demo' },
        data: { direction: 'both', host: '127.0.0.1', port: carrier.port, callerId: '4008001000' },
      });
    });
    pushed = [];
    const spy = vi.spyOn(stack.app.realtime, 'emitToSupervisors');
    spy.mockImplementation((event, payload) => void pushed.push([event, payload]));
  });
  afterAll(async () => {
    carrier?.stop();
    await stack?.close();
  });

  const dial = (
    ext: string,
    target: string,
    file: string,
    opts: { localPort?: number; password?: string } = {},
  ) =>
    runSipp({
      scenarioFile: scenario(file),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext, target },
      extra: ['-au', ext, '-ap', opts.password ?? `demo-${ext}`],
      ...(opts.localPort !== undefined && { localPort: opts.localPort }),
    });

  const refusedCall = (ani: string, dnis: string) =>
    eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { direction: 'outbound', ani, dnis, endedAt: { not: null } },
        include: { events: true },
      }),
    );

  /** INVITEs the carrier received (SIPp's -trace_msg log). */
  const carrierInvites = () => {
    let text = '';
    try {
      text = readFileSync(carrierLog, 'utf8');
    } catch {
      // Nothing logged yet.
    }
    return [...text.matchAll(/message received[^\n]*\n\s*(INVITE [^\n]+)/g)].map((m) => m[1]);
  };

  it.each([
    ['00442079460000', 'international'],
    ['+442079460000', 'international'],
    ['00882123456', 'invalid_number'],
  ])(
    '%s is refused with 403 (%s), stored with its reason and pushed to supervisors',
    async (number, reason) => {
      await setAgentState(stack, '1004', 'ready');
      const phone = await dial('1004', number, 'agent-dial-403.xml');
      const p = await phone.done;
      expect(p.code, p.output).toBe(0);
      const row = await refusedCall('1004', number);
      expect(row).toMatchObject({ sipCause: 403, endedBy: 'system', answeredAt: null });
      expect(row.events.find((e) => e.type === 'outbound_refused')?.data).toEqual({ number, reason });
      expect(pushed).toContainEqual([
        'outbound.refused',
        expect.objectContaining({ extension: '1004', number, reason, kind: 'call' }),
      ]);
      expect(carrierInvites()).toEqual([]);
    },
    60_000,
  );

  it('a logged-out agent cannot dial out, even a national number', async () => {
    await setAgentState(stack, '1005', 'logged_out');
    const phone = await dial('1005', '13912345678', 'agent-dial-403.xml');
    const p = await phone.done;
    expect(p.code, p.output).toBe(0);
    const row = await refusedCall('1005', '13912345678');
    expect(row.events.find((e) => e.type === 'outbound_refused')?.data).toEqual({
      number: '13912345678',
      reason: 'logged_out',
    });
    expect(carrierInvites()).toEqual([]);
  }, 60_000);

  it("another process at a registered phone's address, without its credentials, is challenged and never placed", async () => {
    await setAgentState(stack, '1006', 'ready');
    const phone = await runSipp({
      scenarioFile: scenario('agent-register.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      vars: { ext: '1006' },
      extra: ['-au', '1006', '-ap', 'demo-1006'],
    });
    const registered = await phone.done;
    expect(registered.code, registered.output).toBe(0);
    // Same address and port as the phone's binding, so the server takes it for 1006's phone.
    const intruder = await dial('1006', '13912345670', 'agent-invite-unauthenticated.xml', {
      localPort: phone.port,
    });
    const i = await intruder.done;
    expect(i.code, i.output).toBe(0);
    expect(carrierInvites()).toEqual([]);
    const placed = await stack.tdb.db.interaction.count({ where: { ani: '1006' } });
    expect(placed).toBe(0);
  }, 60_000);

  it('a national number goes out once the phone answers the challenge: the carrier’s only INVITE', async () => {
    await setAgentState(stack, '1007', 'ready');
    const phone = await dial('1007', '13912345678', 'agent-dial.xml');
    const [p, c] = await Promise.all([phone.done, carrier.done]);
    expect(p.code, p.output).toBe(0);
    expect(c.code, c.output).toBe(0);
    expect(carrierInvites()).toEqual([
      expect.stringMatching(/^INVITE sip:13912345678@127\.0\.0\.1:\d+ SIP\/2\.0/),
    ]);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { direction: 'outbound', ani: '1007', endedAt: { not: null } },
      }),
    );
    expect(row).toMatchObject({ dnis: '+8613912345678', endedBy: 'agent' });
    expect(row.answeredAt).not.toBeNull();
  }, 60_000);
});
