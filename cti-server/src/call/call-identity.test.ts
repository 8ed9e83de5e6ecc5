import { describe, expect, it } from 'vitest';
import { parseMessage, type SipRequest } from '../sip/index.js';
import { callIdentity } from './call-identity.js';

function invite(ruri: string, headers: string[]): SipRequest {
  const text = [
    `INVITE ${ruri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
    'Max-Forwards: 70',
    'Call-ID: id-1',
    'CSeq: 1 INVITE',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseMessage(text) as SipRequest;
}

describe('callIdentity', () => {
  it('reads ANI from From and DNIS from the Request-URI, then To', () => {
    const id = callIdentity(
      invite('sip:4008003000@kefu', [
        'From: "Wang" <sip:13800138000@carrier>;tag=a',
        'To: <sip:4008003000@kefu>',
      ]),
    );
    expect(id).toEqual({ ani: '13800138000', aniName: 'Wang', dnisCandidates: ['4008003000'] });
  });

  it('prefers P-Asserted-Identity over From (RFC 3325)', () => {
    const id = callIdentity(
      invite('sip:4008003000@kefu', [
        'From: <sip:anonymous@anonymous.invalid>;tag=a',
        'To: <sip:4008003000@kefu>',
        'P-Asserted-Identity: <tel:+8613800138000>',
      ]),
    );
    expect(id.ani).toBe('+8613800138000');
  });

  it('treats anonymous callers as withheld', () => {
    const id = callIdentity(
      invite('sip:4008003000@kefu', ['From: <sip:anonymous@anonymous.invalid>;tag=a', 'To: <sip:x@kefu>']),
    );
    expect(id.ani).toBeNull();
  });

  it('puts the originally dialled number from Diversion first (RFC 5806)', () => {
    const id = callIdentity(
      invite('sip:+861088889999@kefu', [
        'From: <sip:13800138000@carrier>;tag=a',
        'To: <sip:+861088889999@kefu>',
        'Diversion: <sip:4008002000@carrier>;reason=unconditional',
      ]),
    );
    expect(id.dnisCandidates).toEqual(['4008002000', '+861088889999']);
  });
});
