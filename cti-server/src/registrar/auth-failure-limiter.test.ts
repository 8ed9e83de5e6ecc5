import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { AuthFailureLimiter, type AuthFailureLimiterOptions } from './auth-failure-limiter.js';

const STRANGER = '203.0.113.66';
const PHONE = '198.51.100.10';
const OFFICE = '198.51.100.20';

function setup(options: AuthFailureLimiterOptions = {}) {
  const clock = new SimulatedClock(1_000_000);
  const limiter = new AuthFailureLimiter({ clock, ...options });
  const fail = (address: string, username?: string, times = 1) => {
    for (let i = 0; i < times; i++) limiter.recordFailure(address, username);
  };
  return { clock, limiter, fail };
}

describe('AuthFailureLimiter', () => {
  describe('per (address, username) pair', () => {
    it('bans the pair after 5 failures within 60 s, and nobody else', () => {
      const { limiter, fail } = setup();
      fail(STRANGER, '1001', 4);
      expect(limiter.isBlocked(STRANGER, '1001')).toBe(false);
      fail(STRANGER, '1001');
      expect(limiter.retryAfterMs(STRANGER, '1001')).toBe(60_000);
      // The agent's own phone elsewhere, and a colleague on the stranger's address, are untouched.
      expect(limiter.isBlocked(PHONE, '1001')).toBe(false);
      expect(limiter.isBlocked(STRANGER, '1002')).toBe(false);
    });

    it('counts only failures inside the sliding window', () => {
      const { clock, limiter, fail } = setup();
      fail(PHONE, '1001', 4);
      clock.advance(60_001);
      fail(PHONE, '1001', 4);
      expect(limiter.isBlocked(PHONE, '1001')).toBe(false);
      expect(limiter.failuresFor(PHONE, '1001')).toBe(4);
    });

    it('keeps a channel apart: a UDP phone with a stale password does not ban the WebSocket console', () => {
      const { limiter } = setup();
      for (let i = 0; i < 5; i++) limiter.recordFailure(OFFICE, '1001', 'udp');
      expect(limiter.isBlocked(OFFICE, '1001', 'udp')).toBe(true);
      expect(limiter.isBlocked(OFFICE, '1001', 'wss')).toBe(false);
    });

    it('doubles the ban on each repeat (60, 120, 240, 480 s) up to 15 minutes', () => {
      const { clock, limiter, fail } = setup();
      const bans: number[] = [];
      for (let round = 0; round < 6; round++) {
        fail(STRANGER, '1001', 5);
        const ban = limiter.retryAfterMs(STRANGER, '1001');
        bans.push(ban / 1000);
        clock.advance(ban);
        expect(limiter.isBlocked(STRANGER, '1001')).toBe(false);
      }
      expect(bans).toEqual([60, 120, 240, 480, 900, 900]);
    });

    it('forgets the escalation after an hour without failures, and on a success', () => {
      const { clock, limiter, fail } = setup();
      fail(STRANGER, '1001', 5);
      clock.advance(60_000);
      fail(STRANGER, '1001', 5);
      expect(limiter.retryAfterMs(STRANGER, '1001')).toBe(120_000);
      clock.advance(120_000 + 3_600_000);
      fail(STRANGER, '1001', 5);
      expect(limiter.retryAfterMs(STRANGER, '1001')).toBe(60_000);

      fail(PHONE, '1001', 4);
      limiter.recordSuccess(PHONE, '1001');
      fail(PHONE, '1001', 4);
      expect(limiter.isBlocked(PHONE, '1001')).toBe(false);
    });
  });

  describe('per-address ceiling', () => {
    it('bans a scanner that fails 10 distinct usernames within 10 minutes, for every username', () => {
      const { limiter, fail } = setup();
      for (let ext = 1001; ext < 1010; ext++) fail(STRANGER, String(ext));
      expect(limiter.isBlocked(STRANGER, '2000')).toBe(false);
      fail(STRANGER, '1010');
      expect(limiter.retryAfterMs(STRANGER, '2000')).toBe(10 * 60_000);
      expect(limiter.isBlocked(STRANGER)).toBe(true);
      expect(limiter.isBlocked(PHONE, '1001')).toBe(false);
    });

    it('does not ban an office NAT where four phones keep failing (each pair is banned instead)', () => {
      const { clock, limiter } = setup();
      const bad = ['1001', '1002', '1003', '1004'];
      // Every phone retries as fast as its pair ban allows, for ten minutes.
      for (let t = 0; t < 600; t++) {
        for (const ext of bad) if (!limiter.isBlocked(OFFICE, ext)) limiter.recordFailure(OFFICE, ext);
        clock.advance(1_000);
      }
      expect(limiter.isBlocked(OFFICE, '1005')).toBe(false);
      expect(limiter.failuresFor(OFFICE)).toBeLessThan(100);
    });

    it('bans an address over 100 failures in 10 minutes even with few usernames, doubling on repeat', () => {
      const { clock, limiter } = setup({ maxFailures: 1_000 });
      for (let i = 0; i < 100; i++) limiter.recordFailure(OFFICE, `u${i % 3}`);
      expect(limiter.retryAfterMs(OFFICE, 'anyone')).toBe(10 * 60_000);
      clock.advance(10 * 60_000);
      for (let i = 0; i < 100; i++) limiter.recordFailure(OFFICE, `u${i % 3}`);
      expect(limiter.retryAfterMs(OFFICE, 'anyone')).toBe(20 * 60_000);
    });

    it('without a username bans the address after 5 failures (the trunk guard)', () => {
      const { limiter, fail } = setup();
      fail(STRANGER, undefined, 5);
      expect(limiter.isBlocked(STRANGER)).toBe(true);
      expect(limiter.isBlocked(PHONE)).toBe(false);
    });
  });

  describe('memory', () => {
    it('holds at most maxEntries pairs and addresses under a spray from many addresses', () => {
      const { limiter } = setup({ maxEntries: 100 });
      for (let i = 0; i < 5_000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`, `u${i}`);
      expect(limiter.size.pairs).toBeLessThanOrEqual(100);
      expect(limiter.size.sources).toBeLessThanOrEqual(100);
      // The most recent ones are kept.
      expect(limiter.failuresFor('10.0.19.135', 'u4999')).toBe(1);
    });

    it('drops quiet entries before active ones', () => {
      const { clock, limiter, fail } = setup({ maxEntries: 10 });
      fail(STRANGER, '1001', 5); // banned, then quiet
      clock.advance(2 * 3_600_000);
      fail(PHONE, '1001', 4); // active
      for (let i = 0; i < 9; i++) fail(`10.1.0.${i}`, 'x');
      expect(limiter.size.pairs).toBeLessThanOrEqual(10);
      expect(limiter.failuresFor(PHONE, '1001')).toBe(4);
      expect(limiter.failuresFor(STRANGER, '1001')).toBe(0);
    });

    it('keys on at most 128 characters of a username', () => {
      const { limiter, fail } = setup();
      fail(STRANGER, `${'x'.repeat(128)}a`, 3);
      fail(STRANGER, `${'x'.repeat(128)}b`, 2);
      expect(limiter.isBlocked(STRANGER, 'x'.repeat(128))).toBe(true);
    });
  });
});
