import { describe, expect, it } from 'vitest';
import { RtpPortAllocator, rtpPortRangeFromEnv } from './rtp-port-allocator.js';

describe('RtpPortAllocator', () => {
  it('hands out even ports inside the range, leaving port+1 for RTCP', () => {
    const a = new RtpPortAllocator({ min: 20001, max: 20010 });
    const ports: number[] = [];
    for (let p = a.allocate(); p !== null; p = a.allocate()) ports.push(p);
    expect(ports).toEqual([20002, 20004, 20006, 20008]);
    expect(a.allocated).toBe(4);
  });

  it('reuses released ports only after the others (next-fit)', () => {
    const a = new RtpPortAllocator({ min: 20000, max: 20010 });
    const p1 = a.allocate();
    a.allocate();
    expect(a.release(p1 as number)).toBe(true);
    expect(a.allocate()).toBe(20004);
    expect(a.release(p1 as number)).toBe(false); // double release
    expect(a.release(20001)).toBe(false);
    expect(a.release(40000)).toBe(false);
  });

  it('does not leak over 10k allocate/release cycles', () => {
    const a = new RtpPortAllocator({ min: 20000, max: 20100 });
    const held: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const p = a.allocate();
      expect(p).not.toBeNull();
      held.push(p as number);
      if (held.length > 20) a.release(held.shift() as number);
    }
    for (const p of held) a.release(p);
    expect(a.allocated).toBe(0);
    let count = 0;
    while (a.allocate() !== null) count++;
    expect(count).toBe(a.capacity);
    expect(a.capacity).toBe(50);
  });

  it('reads RTP_PORT_MIN/MAX with defaults and validation', () => {
    expect(rtpPortRangeFromEnv({})).toEqual({ min: 20000, max: 30000 });
    expect(rtpPortRangeFromEnv({ RTP_PORT_MIN: '40000', RTP_PORT_MAX: '41000' })).toEqual({
      min: 40000,
      max: 41000,
    });
    expect(() => rtpPortRangeFromEnv({ RTP_PORT_MIN: '5', RTP_PORT_MAX: '4' })).toThrow(RangeError);
  });
});
