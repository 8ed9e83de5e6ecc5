import { describe, expect, it } from 'vitest';
import { parseMessage } from '../message/parser.js';
import type { SipRequest } from '../message/sip-message.js';
import {
  decideSessionTimer,
  formatSessionExpires,
  parseSessionExpires,
  refreshDelayMs,
} from './session-timer.js';

const invite = (extra: string): SipRequest =>
  parseMessage(
    'INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nTo: <sip:b@h>\r\n' +
      `From: <sip:a@h>;tag=1\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n${extra}\r\n`,
  ) as SipRequest;

describe('session timers (RFC 4028)', () => {
  it('parses and formats Session-Expires, including the compact form x', () => {
    expect(parseSessionExpires('1800;refresher=UAC')).toEqual({ interval: 1800, refresher: 'uac' });
    expect(parseSessionExpires('abc')).toBeUndefined();
    expect(formatSessionExpires({ interval: 600, refresher: 'uas' })).toBe('600;refresher=uas');
    expect(invite('x: 900\r\n').headers.get('Session-Expires')).toBe('900');
  });

  it('rejects too-small intervals with 422 and the larger Min-SE (§9)', () => {
    expect(decideSessionTimer(invite('Session-Expires: 60\r\n'))).toEqual({
      kind: 'reject',
      status: 422,
      minSE: 90,
    });
    expect(decideSessionTimer(invite('Session-Expires: 200\r\nMin-SE: 100\r\n'), 300)).toEqual({
      kind: 'reject',
      status: 422,
      minSE: 300,
    });
  });

  it('accepts and picks the refresher', () => {
    expect(decideSessionTimer(invite('Session-Expires: 1800\r\nSupported: timer\r\n'))).toEqual({
      kind: 'accept',
      sessionExpires: { interval: 1800, refresher: 'uac' },
    });
    expect(decideSessionTimer(invite('Session-Expires: 1800\r\n'))).toMatchObject({
      sessionExpires: { refresher: 'uas' },
    });
    expect(decideSessionTimer(invite(''))).toEqual({ kind: 'none' });
    expect(refreshDelayMs({ interval: 1800 })).toBe(900_000);
  });
});
