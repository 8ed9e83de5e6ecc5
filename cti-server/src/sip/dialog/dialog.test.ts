import { describe, expect, it, vi } from 'vitest';
import { parseMessage } from '../message/parser.js';
import { createResponse } from '../message/response-builder.js';
import type { SipRequest } from '../message/sip-message.js';
import { SimulatedClock } from '../../clock/index.js';
import { Dialog } from './dialog.js';
import { TwoXxRetransmitter } from './two-xx-retransmitter.js';

const INVITE = parseMessage(
  'INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n' +
    'Record-Route: <sip:p1.example.com;lr>\r\nRecord-Route: <sip:p2.example.com;lr>\r\n' +
    'To: <sip:bob@biloxi.com>\r\nFrom: "Alice" <sip:alice@atlanta.com>;tag=a1\r\nCall-ID: call-9\r\nCSeq: 10 INVITE\r\n' +
    'Contact: <sip:alice@192.0.2.1:5070>\r\n\r\n',
) as SipRequest;

function uasOk() {
  const ok = createResponse(INVITE, 200, { toTag: 'b1' });
  ok.headers.append('Contact', '<sip:bob@192.0.2.4>');
  return ok;
}

describe('Dialog (RFC 3261 §12)', () => {
  it('UAS: route set in Record-Route order, remote target from request Contact, remote CSeq', () => {
    const dialog = Dialog.fromUas(INVITE, uasOk(), '<sip:kefu@192.0.2.4>');
    expect(dialog.id).toBe('call-9|b1|a1');
    expect(dialog.routeSet).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(dialog.remoteSeq).toBe(10);
    const bye = dialog.createRequest('BYE');
    expect(bye.startLine()).toBe('BYE sip:alice@192.0.2.1:5070 SIP/2.0');
    expect(bye.headers.getAll('Route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(bye.fromTag).toBe('b1');
    expect(bye.toTag).toBe('a1');
    expect(bye.cseq.method).toBe('BYE');
    expect(bye.headers.has('Contact')).toBe(false);
  });

  it('UAC: route set reversed, remote target from response Contact, CSeq increments; ACK reuses INVITE CSeq', () => {
    const dialog = Dialog.fromUac(INVITE, uasOk(), '<sip:alice@192.0.2.1:5070>');
    expect(dialog.id).toBe('call-9|a1|b1');
    expect(dialog.routeSet[0]).toBe('<sip:p2.example.com;lr>');
    expect(dialog.nextHop()).toMatchObject({ host: 'p2.example.com' });
    expect(dialog.createAck(10).cseq).toEqual({ seq: 10, method: 'ACK' });
    const reinvite = dialog.createRequest('INVITE', { body: 'v=0\r\n', contentType: 'application/sdp' });
    expect(reinvite.cseq).toEqual({ seq: 11, method: 'INVITE' });
    expect(reinvite.uri).toMatchObject({ user: 'bob', host: '192.0.2.4' });
    expect(reinvite.headers.get('Content-Type')).toBe('application/sdp');
    expect(dialog.createRequest('REFER').cseq.seq).toBe(12);
  });

  it('rejects out-of-order remote CSeq and refreshes the target on re-INVITE (§12.2.2)', () => {
    const dialog = Dialog.fromUas(INVITE, uasOk(), '<sip:kefu@h>');
    const inDialog = (seq: number, method: string, contact = ''): SipRequest =>
      parseMessage(
        `${method} sip:kefu@h SIP/2.0\r\nVia: SIP/2.0/UDP x;branch=z9hG4bK${seq}\r\nMax-Forwards: 70\r\n` +
          `To: <sip:bob@biloxi.com>;tag=b1\r\nFrom: <sip:alice@atlanta.com>;tag=a1\r\nCall-ID: call-9\r\n` +
          `CSeq: ${seq} ${method}\r\n${contact}\r\n`,
      ) as SipRequest;
    expect(dialog.receiveRequest(inDialog(9, 'INFO'))).toBe(false);
    expect(dialog.receiveRequest(inDialog(11, 'INVITE', 'Contact: <sip:alice@198.51.100.1>\r\n'))).toBe(true);
    expect(dialog.remoteTarget).toMatchObject({ host: '198.51.100.1' });
    expect(dialog.remoteSeq).toBe(11);
  });
});

describe('TwoXxRetransmitter (§13.3.1.4)', () => {
  it('retransmits at T1 doubling up to T2 and gives up after 64*T1', () => {
    const clock = new SimulatedClock();
    const retransmit = vi.fn();
    const onAckTimeout = vi.fn();
    new TwoXxRetransmitter(clock, retransmit, onAckTimeout).start();
    clock.advance(7_500); // 0.5, 1.5, 3.5, 7.5
    expect(retransmit).toHaveBeenCalledTimes(4);
    clock.advance(4_000); // 11.5 (capped at T2)
    expect(retransmit).toHaveBeenCalledTimes(5);
    clock.advance(32_000);
    expect(onAckTimeout).toHaveBeenCalledOnce();
    expect(clock.pending).toBe(0);
  });

  it('stops on ACK', () => {
    const clock = new SimulatedClock();
    const retransmit = vi.fn();
    const r = new TwoXxRetransmitter(clock, retransmit, vi.fn());
    r.start();
    r.stop();
    clock.advance(60_000);
    expect(retransmit).not.toHaveBeenCalled();
  });
});
