import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { SourceGuard, type ScreenedRequest } from './source-guard.js';
import { isScannerUserAgent } from './scanner-user-agents.js';

const invite: ScreenedRequest = { method: 'INVITE', inDialog: false, userAgent: 'carrier' };
const register: ScreenedRequest = { method: 'REGISTER', inDialog: false, userAgent: 'Yealink SIP-T54W' };
const bye: ScreenedRequest = { method: 'BYE', inDialog: true, userAgent: undefined };

function verdicts(guard: SourceGuard, request: ScreenedRequest, address: string, n: number) {
  const counts = { pass: 0, drop: 0, reject: 0 };
  for (let i = 0; i < n; i++) counts[guard.screen(request, address).verdict]++;
  return counts;
}

describe('SourceGuard', () => {
  it('lets a burst through, then refuses 503 with Retry-After, and refills at the rate', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 10, burstSeconds: 2 });
    expect(verdicts(guard, invite, '203.0.113.5', 20)).toEqual({ pass: 20, drop: 0, reject: 0 });
    expect(guard.screen(invite, '203.0.113.5')).toEqual({
      verdict: 'reject',
      status: 503,
      retryAfterSeconds: 1,
      reason: 'rate',
    });
    clock.advance(1000);
    expect(verdicts(guard, invite, '203.0.113.5', 12)).toEqual({ pass: 10, drop: 0, reject: 2 });
  });

  it('limits each kind of request on its own, so a REGISTER storm does not stop calls', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 10, burstSeconds: 1, banMs: 0 });
    expect(verdicts(guard, register, '198.51.100.7', 50).reject).toBe(40);
    expect(guard.screen(invite, '198.51.100.7').verdict).toBe('pass');
    // Another address is untouched.
    expect(guard.screen(register, '198.51.100.8').verdict).toBe('pass');
  });

  it('never refuses an ACK, and counts in-dialog requests only in the overall limit', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 1, burstSeconds: 1, banMs: 0 });
    const ack: ScreenedRequest = { method: 'ACK', inDialog: true, userAgent: undefined };
    expect(verdicts(guard, ack, '203.0.113.9', 100).pass).toBe(100);
    // Overall: ten times the rate and burst.
    expect(verdicts(guard, bye, '203.0.113.9', 12)).toEqual({ pass: 10, drop: 0, reject: 2 });
  });

  it('bans a source that keeps flooding, doubling the ban each time', () => {
    const clock = new SimulatedClock(0);
    const bans: Array<[string, number]> = [];
    const guard = new SourceGuard({
      clock,
      ratePerSecond: 10,
      burstSeconds: 1,
      banAfter: 50,
      banMs: 60_000,
      onBan: (address, until) => bans.push([address, until]),
    });
    // 500/s for a second: 10 pass, the 50th refusal bans.
    const first = verdicts(guard, invite, '192.0.2.66', 500);
    expect(first.pass).toBe(10);
    expect(first.reject).toBe(50);
    expect(first.drop).toBe(440);
    expect(bans).toEqual([['192.0.2.66', 60_000]]);
    expect(guard.isBanned('192.0.2.66')).toBe(true);
    expect(guard.banned()).toEqual([{ address: '192.0.2.66', until: 60_000 }]);
    // Others still pass while it is banned.
    expect(guard.screen(invite, '192.0.2.67').verdict).toBe('pass');

    clock.advance(60_000);
    expect(guard.screen(invite, '192.0.2.66').verdict).toBe('pass');
    verdicts(guard, invite, '192.0.2.66', 200);
    expect(bans[1]).toEqual(['192.0.2.66', clock.now() + 120_000]);
    expect(guard.stats.bans).toBe(2);
  });

  it('limits a trusted address (a carrier trunk) but never bans it', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({
      clock,
      ratePerSecond: 10,
      burstSeconds: 1,
      banAfter: 5,
      isTrusted: (a) => a === '203.0.113.1',
    });
    const counts = verdicts(guard, invite, '203.0.113.1', 1000);
    expect(counts).toEqual({ pass: 10, drop: 0, reject: 990 });
    expect(guard.isBanned('203.0.113.1')).toBe(false);
  });

  it('drops scanners without banning the address their phones share', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 10 });
    const scan: ScreenedRequest = { method: 'REGISTER', inDialog: false, userAgent: 'friendly-scanner' };
    expect(guard.screen(scan, '198.51.100.20')).toEqual({ verdict: 'drop', reason: 'scanner' });
    expect(guard.screen(register, '198.51.100.20').verdict).toBe('pass');
    expect(guard.stats.dropped.scanner).toBe(1);
  });

  it('passes everything with the rate at 0, scanners aside', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 0, banMs: 0 });
    expect(verdicts(guard, invite, '192.0.2.1', 10_000).pass).toBe(10_000);
  });

  it('keeps at most maxSources addresses, bans kept over quiet sources', () => {
    const clock = new SimulatedClock(0);
    const guard = new SourceGuard({ clock, ratePerSecond: 1, burstSeconds: 1, banAfter: 2, maxSources: 3 });
    verdicts(guard, invite, '192.0.2.200', 5);
    expect(guard.isBanned('192.0.2.200')).toBe(true);
    for (let i = 1; i <= 100; i++) guard.screen(invite, `198.51.100.${i}`);
    expect(guard.isBanned('192.0.2.200')).toBe(true);
    expect(guard.unban('192.0.2.200')).toBe(true);
    expect(guard.screen(invite, '192.0.2.200').verdict).toBe('pass');
  });
});

describe('isScannerUserAgent', () => {
  it('knows SIPVicious and its kin, not phones', () => {
    for (const ua of ['friendly-scanner', 'sipvicious', 'sipcli/v1.8', 'VaxSIPUserAgent/3.1', 'sundayddr'])
      expect(isScannerUserAgent(ua), ua).toBe(true);
    for (const ua of [
      'Yealink SIP-T54W 96.86.0.70',
      'SIP.js/0.21.2',
      'sipp',
      'Grandstream GXP2170',
      undefined,
    ])
      expect(isScannerUserAgent(ua), String(ua)).toBe(false);
  });
});
