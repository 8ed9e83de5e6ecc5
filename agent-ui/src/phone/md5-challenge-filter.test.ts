import { describe, expect, it } from 'vitest';
import { keepMd5Challenges } from './md5-challenge-filter.js';

const response = (...challenges: string[]) =>
  [
    'SIP/2.0 401 Unauthorized',
    'Via: SIP/2.0/WS x.invalid;branch=z9hG4bK1',
    'CSeq: 2 REGISTER',
    ...challenges.map((c) => `WWW-Authenticate: Digest realm="kefu", nonce="n", qop="auth"${c}`),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('keepMd5Challenges', () => {
  it('drops the SHA-256 challenge and keeps the MD5 one', () => {
    const out = keepMd5Challenges(response(', algorithm=MD5', ', algorithm=SHA-256'));
    expect(out).toContain('algorithm=MD5');
    expect(out).not.toContain('SHA-256');
    expect(out.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
  });

  it('treats a challenge without algorithm as MD5 (RFC 2617 default)', () => {
    const out = keepMd5Challenges(response('', ', algorithm=SHA-256'));
    expect(out.match(/WWW-Authenticate/g)).toHaveLength(1);
    expect(out).not.toContain('SHA-256');
  });

  it('leaves a SHA-256-only challenge alone (sip.js then reports the failure)', () => {
    const msg = response(', algorithm=SHA-256');
    expect(keepMd5Challenges(msg)).toBe(msg);
  });

  it('leaves requests and other responses untouched', () => {
    const msg = 'INVITE sip:1002@kefu SIP/2.0\r\nWWW-Authenticate: Digest algorithm=SHA-256\r\n\r\n';
    expect(keepMd5Challenges(msg)).toBe(msg);
  });
});
