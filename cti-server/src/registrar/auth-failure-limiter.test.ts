import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failure-limiter.js';

function setup() {
  let now = 0;
  const limiter = new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000, now: () => now });
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('AuthFailureLimiter', () => {
  it('blocks an IP after N failures inside the window and releases it when they age out', () => {
    const { limiter, advance } = setup();
    limiter.recordFailure('198.51.100.7', 'a');
    advance(10_000);
    limiter.recordFailure('198.51.100.7', 'b');
    expect(limiter.isBlocked('198.51.100.7')).toBe(false);
    limiter.recordFailure('198.51.100.7', 'c');
    expect(limiter.isBlocked('198.51.100.7')).toBe(true);
    expect(limiter.isBlocked('198.51.100.8')).toBe(false);
    advance(50_000); // the first failure is now 60 s old
    expect(limiter.isBlocked('198.51.100.7')).toBe(false);
    expect(limiter.failuresFor('198.51.100.7')).toBe(2);
  });

  it('blocks a username attacked from many IPs; success resets the user but not the IP', () => {
    const { limiter } = setup();
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) limiter.recordFailure(ip, '1001');
    expect(limiter.isBlocked('192.0.2.9', '1001')).toBe(true);
    expect(limiter.isBlocked('192.0.2.9', '1002')).toBe(false);
    limiter.recordSuccess('1001');
    expect(limiter.isBlocked('192.0.2.9', '1001')).toBe(false);

    for (let i = 0; i < 3; i++) limiter.recordFailure('203.0.113.5', `u${i}`);
    limiter.recordSuccess('u0');
    expect(limiter.isBlocked('203.0.113.5')).toBe(true);
  });

  it('keeps memory bounded under a spray of single failures', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter({ now: () => now, pruneAbove: 100 });
    for (let i = 0; i < 100; i++) limiter.recordFailure(`10.0.0.${i}`);
    now += 61_000;
    limiter.recordFailure('10.0.1.1');
    limiter.recordFailure('10.0.1.2');
    expect(limiter.failuresFor('10.0.0.1')).toBe(0);
    expect(limiter.failuresFor('10.0.1.1')).toBe(1);
  });
});
