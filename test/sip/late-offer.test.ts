import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from './agent-phone.js';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/** A UDP socket standing in for the carrier's media address: counts RTP packets by payload type. */
async function rtpSink(): Promise<{ port: number; packets: Map<number, number>; close(): void }> {
  const socket: Socket = createSocket('udp4');
  const packets = new Map<number, number>();
  socket.on('message', (msg) => {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    const pt = msg[1]! & 0x7f;
    packets.set(pt, (packets.get(pt) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, packets, close: () => socket.close() };
}

/**
 * Carriers that send INVITE without SDP (late offer, RFC 3261 §13.2.1): kefu offers in its 200
 * and takes the answer from the ACK. SIPp is the carrier; the ACK's media address is a UDP sink
 * in the test, so what the server sends there proves the answer was applied.
 */
describe('late offer from the carrier (offerless INVITE)', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers with an offer, plays the IVR to the address in the ACK, and the caller reaches an agent by pressing 2', async () => {
    const sink = await rtpSink();
    try {
      const phone = await startAgentPhone(stack, '1012', 'answer', { timeoutSeconds: 40 });
      const carrier = await runSipp({
        scenarioFile: scenario('carrier-late-offer-press-2.xml'),
        target: `127.0.0.1:${stack.sipPort}`,
        service: '4008001000',
        vars: { ani: '13900000211', sink_port: String(sink.port) },
        timeoutSeconds: 40,
      });
      const [c] = await Promise.all([carrier.done, expectPhoneDone(phone)]);
      expect(c.code, c.output).toBe(0);
      // The greeting went to the sink as PCMU (the ACK's answer chose payload type 0): at least
      // ~1 s of 20 ms packets before the caller's own RTP (the DTMF pcap) may re-latch the leg.
      expect(sink.packets.get(0) ?? 0).toBeGreaterThan(40);

      const row = await eventually(() =>
        stack.tdb.db.interaction.findFirst({
          where: { ani: '+8613900000211', endedAt: { not: null } },
          include: { events: true, agent: true },
        }),
      );
      expect(row.events).toContainEqual(
        expect.objectContaining({ type: 'dtmf', data: expect.objectContaining({ digit: '2' }) }),
      );
      expect(row.agent?.extension).toBe('1012');
      expect(row.endedBy).toBe('caller');
    } finally {
      sink.close();
    }
  }, 60_000);

  it('an ACK without the answer ends the call with BYE (RFC 3261 §13.2.2.4) and the server carries on', async () => {
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-late-offer-bad-ack.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000212' },
      timeoutSeconds: 20,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000212', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    expect(row.sipCause).toBe(488);
    expect(row.events.some((e) => e.type === 'bad_ack_answer')).toBe(true);
  }, 30_000);
});
