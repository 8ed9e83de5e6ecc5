import { describe, expect, it } from 'vitest';
import {
  NonceManager,
  answerChallenge,
  computeDigestResponse,
  formatAuthHeader,
  parseAuthHeader,
  verifyDigest,
} from './digest.js';

describe('digest (RFC 2617 / RFC 7616)', () => {
  it('matches the RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    expect(
      computeDigestResponse({
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches the RFC 7616 §3.9.1 example (SHA-256)', () => {
    expect(
      computeDigestResponse({
        algorithm: 'SHA-256',
        username: 'Mufasa',
        realm: 'http-auth@example.org',
        password: 'Circle of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        qop: 'auth',
        nc: '00000001',
        cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      }),
    ).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('parses and formats challenges without splitting quoted commas', () => {
    const header = parseAuthHeader('Digest realm="a, b", nonce="n1", qop="auth,auth-int", algorithm=SHA-256');
    expect(header.scheme).toBe('Digest');
    expect(header.params.get('realm')).toBe('a, b');
    expect(header.params.get('qop')).toBe('auth,auth-int');
    expect(parseAuthHeader(formatAuthHeader(header)).params).toEqual(header.params);
  });

  it('answers a challenge so the server-side check passes, and fails with the wrong password', () => {
    const challenge = parseAuthHeader(
      'Digest realm="kefu", nonce="abc", qop="auth", algorithm=MD5, opaque="o"',
    );
    const auth = answerChallenge(challenge, {
      username: 'u',
      password: 'p',
      method: 'REGISTER',
      uri: 'sip:kefu',
    });
    const wire = parseAuthHeader(formatAuthHeader(auth));
    expect(wire.params.get('opaque')).toBe('o');
    expect(verifyDigest(wire, 'REGISTER', 'p')).toBe(true);
    expect(verifyDigest(wire, 'REGISTER', 'wrong')).toBe(false);
  });

  it('issues stateless nonces that verify, go stale and reject tampering', () => {
    let now = 1_000_000;
    const nonces = new NonceManager('secret', 60_000, () => now);
    const nonce = nonces.issue('kefu');
    expect(nonces.verify(nonce, 'kefu')).toBe('valid');
    expect(nonces.verify(nonce, 'other-realm')).toBe('invalid');
    expect(new NonceManager('other-secret', 60_000, () => now).verify(nonce, 'kefu')).toBe('invalid');
    expect(nonces.verify('garbage', 'kefu')).toBe('invalid');
    now += 60_001;
    expect(nonces.verify(nonce, 'kefu')).toBe('stale');
  });
});
