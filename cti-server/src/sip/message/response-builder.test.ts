import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newTag } from './ids.js';
import { parseMessage } from './parser.js';
import { createResponse } from './response-builder.js';
import type { SipRequest } from './sip-message.js';

const INVITE = parseMessage(
  'INVITE sip:bob@h SIP/2.0\r\nVia: SIP/2.0/UDP p1;branch=z9hG4bK1\r\nVia: SIP/2.0/UDP p2;branch=z9hG4bK2\r\n' +
    'Record-Route: <sip:p1;lr>\r\nTo: <sip:bob@h>\r\nFrom: <sip:a@h>;tag=f\r\nCall-ID: c1\r\nCSeq: 7 INVITE\r\n' +
    'Max-Forwards: 70\r\nTimestamp: 54\r\n\r\n',
) as SipRequest;

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies Via, From, Call-ID, CSeq and adds the To tag', () => {
    const res = createResponse(INVITE, 200, {
      toTag: 'xyz',
      body: 'v=0\r\n',
      contentType: 'application/sdp',
    });
    expect(res.headers.getAll('Via')).toEqual(INVITE.headers.getAll('Via'));
    expect(res.toTag).toBe('xyz');
    expect(res.fromTag).toBe('f');
    expect(res.callId).toBe('c1');
    expect(res.cseq).toEqual({ seq: 7, method: 'INVITE' });
    expect(res.headers.getAll('Record-Route')).toEqual(['<sip:p1;lr>']);
    expect(res.reason).toBe('OK');
    expect(res.toString()).toContain('Content-Length: 5\r\n');
  });

  it('does not tag 100 Trying but echoes Timestamp (§8.2.6.1)', () => {
    const res = createResponse(INVITE, 100, { toTag: 'xyz' });
    expect(res.toTag).toBeUndefined();
    expect(res.headers.get('Timestamp')).toBe('54');
    expect(res.headers.has('Record-Route')).toBe(false);
  });

  it('omits Record-Route on final errors', () => {
    expect(createResponse(INVITE, 486, { toTag: 't' }).headers.has('Record-Route')).toBe(false);
  });
});

describe('ids', () => {
  it('generates branch with the magic cookie and unique tags/Call-IDs', () => {
    expect(newBranch()).toMatch(/^z9hG4bK[0-9a-f]{20}$/);
    const tags = new Set(Array.from({ length: 1000 }, newTag));
    expect(tags.size).toBe(1000);
    expect(newCallId('host')).toMatch(/^[0-9a-f]{32}@host$/);
  });
});
