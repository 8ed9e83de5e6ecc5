import { describe, expect, it } from 'vitest';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { parseMessage } from './parser.js';
import { SipRequest, SipResponse } from './sip-message.js';
import { viaRport } from './via.js';

const INVITE = [
  'INVITE sip:bob@[2001:db8::1]:5062;transport=udp?Subject=hi SIP/2.0',
  'v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;rport, SIP/2.0/TCP [::1]:5070;branch=z9hG4bKx',
  'Max-Forwards: 70',
  't: Bob <sip:bob@biloxi.com>',
  'f: "Alice, A." <sip:alice@atlanta.com>;tag=1928301774',
  'i: a84b4c76e66710@pc33.atlanta.com',
  'CSeq: 314159 INVITE',
  'm: <sip:alice@pc33.atlanta.com;transport=tcp>;expires=60',
  'Subject: long',
  '  folded subject',
  'WWW-Authenticate: Digest realm="a,b", nonce="x"',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\nextra-bytes-ignored',
].join('\r\n');

describe('parseMessage', () => {
  it('parses a request with compact headers, folding, IPv6 and list headers', () => {
    const msg = parseMessage(INVITE);
    expect(msg).toBeInstanceOf(SipRequest);
    const req = msg as SipRequest;
    expect(req.method).toBe('INVITE');
    expect(req.uri).toMatchObject({ kind: 'sip', user: 'bob', host: '2001:db8::1', port: 5062 });
    expect(req.uri.kind === 'sip' && req.uri.params.get('transport')).toBe('udp');
    expect(req.uri.kind === 'sip' && req.uri.headers.get('Subject')).toBe('hi');
    expect(req.vias).toHaveLength(2);
    expect(req.vias[1]).toMatchObject({ transport: 'TCP', host: '::1', port: 5070 });
    expect(viaRport(req.topVia)).toBe(true);
    expect(req.callId).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(req.cseq).toEqual({ seq: 314159, method: 'INVITE' });
    expect(req.from.displayName).toBe('Alice, A.');
    expect(req.fromTag).toBe('1928301774');
    expect(req.toTag).toBeUndefined();
    expect(req.headers.get('subject')).toBe('long folded subject');
    expect(req.headers.getAll('WWW-Authenticate')).toEqual(['Digest realm="a,b", nonce="x"']);
    const contact = req.contacts[0];
    expect(contact && !contact.star && contact.params.get('expires')).toBe('60');
    expect(req.body).toBe('v=0\r');
    expect(req.maxForwards).toBe(70);
  });

  it('parses a response and round-trips through the serializer', () => {
    const raw =
      'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@h>;tag=t\r\n' +
      'From: <sip:a@h>;tag=f\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n';
    const res = parseMessage(raw) as SipResponse;
    expect(res).toBeInstanceOf(SipResponse);
    expect(res.status).toBe(180);
    expect(res.reason).toBe('Ringing');
    const again = parseMessage(res.toString()) as SipResponse;
    expect(again.toTag).toBe('t');
    expect(again.headers.get('Content-Length')).toBe('0');
  });

  it('keeps addr-spec params on the header, not the URI (RFC 3261 §20.10)', () => {
    const raw =
      'OPTIONS tel:+15551234;phone-context=x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n' +
      'To: sip:b@h;tag=t\r\nFrom: sip:a@h;tag=f\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 1\r\n\r\n';
    const req = parseMessage(raw) as SipRequest;
    expect(req.uri).toMatchObject({ kind: 'tel', number: '+15551234' });
    expect(req.to.uri.kind === 'sip' && req.to.uri.params.size).toBe(0);
    expect(req.toTag).toBe('t');
  });

  it('accepts bare-LF line ends and leading CRLFs', () => {
    const raw =
      '\r\nBYE sip:b@h SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nTo: <sip:b@h>\nFrom: <sip:a@h>;tag=1\n' +
      'Call-ID: c\nCSeq: 2 BYE\nMax-Forwards: 70\n\n';
    expect((parseMessage(raw) as SipRequest).method).toBe('BYE');
  });

  it('requires Content-Length for a body on stream transports (RFC 3261 §18.3)', () => {
    const raw =
      'MESSAGE sip:b@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nTo: <sip:b@h>\r\nFrom: <sip:a@h>;tag=1\r\n' +
      'Call-ID: c\r\nCSeq: 2 MESSAGE\r\nMax-Forwards: 70\r\n\r\nhello';
    expect((parseMessage(raw) as SipRequest).body).toBe('hello');
    expect(() => parseMessage(raw, { stream: true })).toThrow(SipParseError);
  });
});
