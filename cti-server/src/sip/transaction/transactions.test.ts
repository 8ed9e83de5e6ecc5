import { describe, expect, it, vi } from 'vitest';
import { parseMessage } from '../message/parser.js';
import { createResponse } from '../message/response-builder.js';
import type { SipRequest } from '../message/sip-message.js';
import { SimulatedClock } from '../../clock/index.js';
import { FakeTransport } from '../testing/fake-transport.js';
import type { Endpoint } from '../transport/transport.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import { TransactionLayer } from './transaction-layer.js';

const PEER: Endpoint = { protocol: 'UDP', address: '192.0.2.9', port: 5060 };

const request = (method: string, branch = 'z9hG4bKt1'): SipRequest =>
  parseMessage(
    `${method} sip:bob@192.0.2.9 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.9;branch=${branch}\r\nMax-Forwards: 70\r\n` +
      `To: <sip:bob@h>\r\nFrom: <sip:a@h>;tag=f\r\nCall-ID: c\r\nCSeq: 1 ${method}\r\nRoute: <sip:proxy;lr>\r\n\r\n`,
  ) as SipRequest;

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(reliable = false) {
  const clock = new SimulatedClock();
  const transport = new FakeTransport(reliable ? 'TCP' : 'UDP', reliable);
  return { clock, transport, context: { transport, clock } };
}

describe('InviteClientTransaction (RFC 3261 §17.1.1)', () => {
  it('retransmits with Timer A doubling and times out with Timer B in Calling', () => {
    const { clock, transport, context } = setup();
    const onTimeout = vi.fn();
    const tx = new InviteClientTransaction('t', request('INVITE'), context, PEER, { onTimeout });
    clock.advance(500 + 1000 + 2000 + 4000 - 1);
    expect(transport.sent).toHaveLength(4); // original + at 500, 1500, 3500
    clock.advance(32_000);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
    expect(clock.pending).toBe(0);
  });

  it('does not retransmit over a reliable transport', () => {
    const { clock, transport, context } = setup(true);
    new InviteClientTransaction('t', request('INVITE'), context, PEER, {});
    clock.advance(10_000);
    expect(transport.sent).toHaveLength(1);
  });

  it('MUST transition to proceeding on 1xx and stop retransmitting', () => {
    const { clock, transport, context } = setup();
    const onResponse = vi.fn();
    const req = request('INVITE');
    const tx = new InviteClientTransaction('t', req, context, PEER, { onResponse });
    tx.receiveResponse(createResponse(req, 180, { toTag: 'b' }));
    expect(tx.state).toBe('proceeding');
    clock.advance(60_000);
    expect(transport.sent).toHaveLength(1);
    expect(onResponse).toHaveBeenCalledOnce();
  });

  it('ACKs a non-2xx final, re-ACKs its retransmission and terminates after Timer D', () => {
    const { clock, transport, context } = setup();
    const req = request('INVITE');
    const tx = new InviteClientTransaction('t', req, context, PEER, {});
    const busy = createResponse(req, 486, { toTag: 'b' });
    tx.receiveResponse(busy);
    tx.receiveResponse(busy);
    expect(transport.sentSummary).toEqual(['INVITE', 'ACK', 'ACK']);
    const ack = transport.sent[1]?.message as SipRequest;
    expect(ack.headers.get('Via')).toBe(req.headers.get('Via'));
    expect(ack.toTag).toBe('b');
    expect(ack.cseq).toEqual({ seq: 1, method: 'ACK' });
    expect(ack.headers.get('Route')).toBe('<sip:proxy;lr>');
    expect(tx.state).toBe('completed');
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });

  it('passes 2xx and its retransmissions up in accepted (RFC 6026) and never ACKs them itself', () => {
    const { clock, transport, context } = setup();
    const onResponse = vi.fn();
    const req = request('INVITE');
    const tx = new InviteClientTransaction('t', req, context, PEER, { onResponse });
    const ok = createResponse(req, 200, { toTag: 'b' });
    tx.receiveResponse(ok);
    tx.receiveResponse(ok);
    expect(tx.state).toBe('accepted');
    expect(onResponse).toHaveBeenCalledTimes(2);
    expect(transport.sentSummary).toEqual(['INVITE']);
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });

  it('reports transport errors to the TU', async () => {
    const { transport, context } = setup();
    transport.fail = true;
    const onTransportError = vi.fn();
    const tx = new InviteClientTransaction('t', request('INVITE'), context, PEER, { onTransportError });
    await flush();
    expect(onTransportError).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
  });
});

describe('NonInviteClientTransaction (RFC 3261 §17.1.2)', () => {
  it('retransmits with Timer E capped at T2 and times out with Timer F', () => {
    const { clock, transport, context } = setup();
    const onTimeout = vi.fn();
    new NonInviteClientTransaction('t', request('OPTIONS'), context, PEER, { onTimeout });
    // E fires at 500, 1500, 3500, 7500, 11500, ... (interval 500,1000,2000,4000,4000…)
    clock.advance(11_500);
    expect(transport.sent).toHaveLength(6);
    clock.advance(32_000 - 11_500);
    expect(onTimeout).toHaveBeenCalledOnce();
  });

  it('completes on a final response and terminates after Timer K', () => {
    const { clock, context } = setup();
    const req = request('BYE');
    const tx = new NonInviteClientTransaction('t', req, context, PEER, {});
    tx.receiveResponse(createResponse(req, 100));
    expect(tx.state).toBe('proceeding');
    tx.receiveResponse(createResponse(req, 200, { toTag: 'b' }));
    expect(tx.state).toBe('completed');
    clock.advance(4999);
    expect(tx.state).toBe('completed');
    clock.advance(1);
    expect(tx.state).toBe('terminated');
  });
});

describe('InviteServerTransaction (RFC 3261 §17.2.1)', () => {
  it('sends 100 Trying after 200 ms unless the TU answers first', () => {
    const a = setup();
    new InviteServerTransaction('t', request('INVITE'), a.context, PEER);
    a.clock.advance(200);
    expect(a.transport.sentSummary).toEqual(['100']);

    const b = setup();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('t', req, b.context, PEER);
    b.clock.advance(100);
    tx.respond(createResponse(req, 180, { toTag: 'x' }));
    b.clock.advance(1000);
    expect(b.transport.sentSummary).toEqual(['180']);
  });

  it('resends the last response on INVITE retransmission', () => {
    const { transport, context } = setup();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('t', req, context, PEER);
    tx.respond(createResponse(req, 180, { toTag: 'x' }));
    tx.receiveRequest(req);
    expect(transport.sentSummary).toEqual(['180', '180']);
  });

  it('retransmits a non-2xx with Timer G until ACK, then absorbs ACKs until Timer I', () => {
    const { clock, transport, context } = setup();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('t', req, context, PEER);
    tx.respond(createResponse(req, 486, { toTag: 'x' }));
    clock.advance(500 + 1000 + 2000 + 4000 + 4000);
    expect(transport.sentSummary).toEqual(['486', '486', '486', '486', '486', '486']);
    tx.receiveRequest(request('ACK'));
    expect(tx.state).toBe('confirmed');
    clock.advance(10_000);
    expect(transport.sent).toHaveLength(6);
    expect(tx.state).toBe('terminated');
  });

  it('gives up with Timer H when no ACK comes', () => {
    const { clock, context } = setup();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('t', req, context, PEER);
    const onTimeout = vi.fn();
    tx.user = { onTimeout };
    tx.respond(createResponse(req, 500, { toTag: 'x' }));
    clock.advance(32_000);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(tx.state).toBe('terminated');
  });

  it('moves to accepted on 2xx and absorbs INVITE retransmissions until Timer L', () => {
    const { clock, transport, context } = setup();
    const req = request('INVITE');
    const tx = new InviteServerTransaction('t', req, context, PEER);
    tx.respond(createResponse(req, 200, { toTag: 'x' }));
    tx.receiveRequest(req);
    expect(transport.sentSummary).toEqual(['200']);
    expect(() => tx.respond(createResponse(req, 486))).toThrow(/cannot send/);
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });
});

describe('NonInviteServerTransaction (RFC 3261 §17.2.2)', () => {
  it('absorbs retransmissions in trying, resends the final in completed, ends after Timer J', () => {
    const { clock, transport, context } = setup();
    const req = request('OPTIONS');
    const tx = new NonInviteServerTransaction('t', req, context, PEER);
    tx.receiveRequest(req);
    expect(transport.sent).toHaveLength(0);
    tx.respond(createResponse(req, 200, { toTag: 'x' }));
    tx.receiveRequest(req);
    expect(transport.sentSummary).toEqual(['200', '200']);
    clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });

  it('terminates immediately over reliable transports (Timer J = 0)', () => {
    const { clock, context } = setup(true);
    const req = request('OPTIONS');
    const tx = new NonInviteServerTransaction('t', req, context, PEER);
    tx.respond(createResponse(req, 200, { toTag: 'x' }));
    clock.advance(0);
    expect(tx.state).toBe('terminated');
  });
});

describe('TransactionLayer matching (RFC 3261 §17.1.3, §17.2.3)', () => {
  it('absorbs retransmissions, matches CANCEL to the INVITE, hands 2xx ACKs up', () => {
    const { transport, clock } = setup();
    const layer = new TransactionLayer(clock);
    const onRequest = vi.fn();
    const onAck = vi.fn();
    layer.delegate = { onRequest, onAck };
    const invite = request('INVITE', 'z9hG4bKinv');
    layer.receive(invite, PEER, transport);
    layer.receive(request('INVITE', 'z9hG4bKinv'), PEER, transport);
    expect(onRequest).toHaveBeenCalledOnce();
    const cancel = request('CANCEL', 'z9hG4bKinv');
    expect(layer.findInviteForCancel(cancel)).toBe(onRequest.mock.calls[0]?.[1]);
    expect(layer.findInviteForCancel(request('CANCEL', 'z9hG4bKother'))).toBeUndefined();
    layer.receive(request('ACK', 'z9hG4bKack2xx'), PEER, transport);
    expect(onAck).toHaveBeenCalledOnce();
  });

  it('routes responses by branch + CSeq method and reports strays', () => {
    const { transport, clock } = setup();
    const layer = new TransactionLayer(clock);
    const onStrayResponse = vi.fn();
    layer.delegate = { onStrayResponse };
    const onResponse = vi.fn();
    const req = request('OPTIONS', 'z9hG4bKcli');
    layer.sendRequest(req, transport, PEER, { onResponse });
    layer.receive(createResponse(req, 200, { toTag: 'x' }), PEER, transport);
    layer.receive(createResponse(request('OPTIONS', 'z9hG4bKnone'), 200), PEER, transport);
    expect(onResponse).toHaveBeenCalledOnce();
    expect(onStrayResponse).toHaveBeenCalledOnce();
    expect(layer.clientCount).toBe(1);
    clock.advance(5000);
    expect(layer.clientCount).toBe(0);
  });
});
