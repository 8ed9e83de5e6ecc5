import { describe, expect, it, vi } from 'vitest';
import type { Dialog } from '../dialog/dialog.js';
import type { SipResponse } from '../message/sip-message.js';
import { SimulatedClock } from '../../clock/index.js';
import { FakeTransport } from '../testing/fake-transport.js';
import type { IncomingRequest } from './incoming-request.js';
import { UserAgentCore } from './user-agent-core.js';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function wire() {
  const clock = new SimulatedClock();
  const aliceT = new FakeTransport('UDP', false, { address: '192.0.2.1', port: 5060 });
  const bobT = new FakeTransport('UDP', false, { address: '192.0.2.2', port: 5060 });
  aliceT.peer = (m, from) => bobT.delegate?.onMessage?.(m, from);
  bobT.peer = (m, from) => aliceT.delegate?.onMessage?.(m, from);
  const alice = new UserAgentCore({ transports: [aliceT], clock });
  const bob = new UserAgentCore({ transports: [bobT], clock, supported: ['timer'] });
  return { clock, aliceT, bobT, alice, bob };
}

const ALICE = { address: '192.0.2.1', port: 5060, protocol: 'UDP' as const };

const raw = (method: string, extra = '', uri = 'sip:bob@192.0.2.2'): string =>
  `${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK${method}${extra.length}\r\n` +
  `Max-Forwards: 70\r\nTo: <sip:bob@h>\r\nFrom: <sip:a@h>;tag=f\r\nCall-ID: c-${method}\r\nCSeq: 1 ${method}\r\n${extra}\r\n`;

describe('UserAgentCore request validation (RFC 3261 §8.2)', () => {
  const cases: Array<[string, string, number, string?]> = [
    ['unsupported method → 405 with Allow', raw('PUBLISH'), 405, 'Allow'],
    ['unsupported URI scheme → 416', raw('OPTIONS', '', 'mailto:bob@example.com'), 416],
    ['Max-Forwards 0 → 483', raw('OPTIONS').replace('Max-Forwards: 70', 'Max-Forwards: 0'), 483],
    [
      'unsupported Require → 420 with Unsupported',
      raw('OPTIONS', 'Require: 100rel, timer\r\n'),
      420,
      'Unsupported',
    ],
    [
      'in-dialog request for unknown dialog → 481',
      raw('INFO').replace('<sip:bob@h>', '<sip:bob@h>;tag=nope'),
      481,
    ],
    ['BYE outside a dialog → 481', raw('BYE'), 481],
    ['OPTIONS → 200 with Allow', raw('OPTIONS'), 200, 'Allow'],
    ['INVITE without a handler → 480', raw('INVITE'), 480],
    ['CANCEL matching nothing → 481', raw('CANCEL'), 481],
    // Found by the SIP fuzzer: such an INVITE became a call, then failed with 500 at its answer.
    [
      'INVITE with a Contact that does not parse → 400',
      raw('INVITE', 'Contact: <sip:a@1 27.0.0.1>\r\n'),
      400,
    ],
    ['INVITE with a Contact without a scheme → 400', raw('INVITE', 'Contact: 1e400\r\n'), 400],
    ['OPTIONS with an empty Contact → 400', raw('OPTIONS', 'Contact: <>\r\n'), 400],
    // Found by the SIP fuzzer: the route set is parsed when the dialog sends its first request
    // (a BYE from a timer), where the throw was uncaught: the process would have exited.
    ['INVITE with a Record-Route that does not parse → 400', raw('INVITE', 'Record-Route: garbage\r\n'), 400],
    [
      'INVITE with a Record-Route that is a half list → 400',
      raw('INVITE', 'Record-Route: <sip:127.0.0.1;lr>, <\r\n'),
      400,
    ],
  ];
  it.each(cases)('%s', async (_name, request, status, header) => {
    const { bob, bobT } = wire();
    bobT.inject(request, ALICE);
    await flush();
    const response = bobT.sent.find((s) => !s.message.isRequest && (s.message as SipResponse).status !== 100);
    expect((response?.message as SipResponse).status).toBe(status);
    if (header) expect(response?.message.headers.has(header)).toBe(true);
    if (status === 420) expect(response?.message.headers.get('Unsupported')).toBe('100rel');
    void bob;
  });
});

describe('UserAgentCore 2xx reliability (RFC 3261 §13.3.1.4)', () => {
  it('retransmits a lost 200 until the ACK arrives', async () => {
    const { clock, alice, bob, bobT } = wire();
    let dropped = 0;
    bobT.drop = (m) => !m.isRequest && (m as SipResponse).status === 200 && dropped++ === 0;
    bob.delegate = { onInvite: (i) => i.respond(200) };
    const onAck = vi.fn();
    bob.delegate.onAck = onAck;
    let accepted: [SipResponse, Dialog] | undefined;
    alice.send(alice.createRequest('INVITE', 'sip:bob@192.0.2.2', { from: '<sip:alice@192.0.2.1>' }), {
      onAccept: (r, d) => {
        accepted = [r, d as Dialog];
        alice.ack(d as Dialog, r);
      },
    });
    await flush();
    expect(accepted).toBeUndefined();
    clock.advance(500); // T1: first 2xx retransmission
    await flush();
    expect(accepted?.[0].status).toBe(200);
    expect(onAck).toHaveBeenCalledOnce();
    clock.advance(40_000);
    await flush();
    expect(bobT.sentSummary.filter((s) => s === '200')).toHaveLength(2);
    expect(bobT.sentSummary).not.toContain('BYE');
  });

  it('re-sends the ACK, without re-reporting, when the 2xx is retransmitted (§13.2.2.4)', async () => {
    const { alice, bob, aliceT, bobT } = wire();
    bob.delegate = { onInvite: (i) => i.respond(200) };
    const onAccept = vi.fn((r: SipResponse, d?: Dialog) => alice.ack(d as Dialog, r));
    alice.send(alice.createRequest('INVITE', 'sip:bob@192.0.2.2', { from: '<sip:alice@192.0.2.1>' }), {
      onAccept,
    });
    await flush();
    expect(aliceT.sentSummary).toEqual(['INVITE', 'ACK']);
    const ok = bobT.sent.find((s) => !s.message.isRequest && (s.message as SipResponse).status === 200);
    aliceT.inject(ok?.message as SipResponse, { protocol: 'UDP', address: '192.0.2.2', port: 5060 });
    await flush();
    expect(aliceT.sentSummary).toEqual(['INVITE', 'ACK', 'ACK']);
    expect(onAccept).toHaveBeenCalledOnce();
  });

  it('sends BYE and reports onAckTimeout when no ACK arrives within 64*T1', async () => {
    const { clock, bob, bobT, alice } = wire();
    const onAckTimeout = vi.fn();
    bob.delegate = { onInvite: (i) => i.respond(200), onAckTimeout };
    alice.send(alice.createRequest('INVITE', 'sip:bob@192.0.2.2', { from: '<sip:alice@192.0.2.1>' }), {});
    await flush();
    clock.advance(32_000);
    await flush();
    // 200 at 0, then retransmissions at 0.5, 1.5, 3.5, 7.5, 11.5, … up to 31.5 s
    expect(bobT.sentSummary.filter((s) => s === '200').length).toBeGreaterThanOrEqual(10);
    expect(bobT.sentSummary).toContain('BYE');
    expect(onAckTimeout).toHaveBeenCalledOnce();
    expect(bob.dialogs.size).toBe(0);
  });

  it('refuses a late 200 after CANCEL without leaking a dialog (§9.2)', async () => {
    const { alice, bob } = wire();
    let pendingInvite: IncomingRequest | undefined;
    bob.delegate = {
      onInvite: (i) => {
        pendingInvite = i;
        i.respond(180);
      },
    };
    const onReject = vi.fn();
    const outgoing = alice.send(
      alice.createRequest('INVITE', 'sip:bob@192.0.2.2', { from: '<sip:alice@192.0.2.1>' }),
      { onReject },
    );
    await flush();
    outgoing.cancel();
    await flush();
    expect(onReject.mock.calls[0]?.[0].status).toBe(487);
    expect(pendingInvite?.pending).toBe(false);
    expect(() => pendingInvite?.respond(200)).toThrow(/already answered/);
    expect(bob.dialogs.size).toBe(0);
  });
});
