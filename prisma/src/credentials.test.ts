import { describe, expect, it } from 'vitest';
import { hashPassword, sipHa1, verifyPassword } from './credentials.js';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('demo-1001');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('demo-1001', stored)).toBe(true);
    expect(await verifyPassword('demo-1002', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });
});

describe('sipHa1', () => {
  // Expected values computed independently: printf '1001:kefu:demo-1001' | md5sum / sha256sum
  it('is H(username:realm:password) for MD5 (RFC 7616 §3.4.2)', () => {
    expect(sipHa1('1001', 'kefu', 'demo-1001', 'MD5')).toBe('19693e79c15aa5eb9b797b31969b632f');
  });

  it('is H(username:realm:password) for SHA-256', () => {
    expect(sipHa1('1001', 'kefu', 'demo-1001', 'SHA-256')).toBe(
      'a3d674ed8d8499a6710dde25f31456a2420b37315439f4852e809a1022c6407b',
    );
  });
});
