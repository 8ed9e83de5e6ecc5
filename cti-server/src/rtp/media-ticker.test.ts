import { afterEach, describe, expect, it, vi } from 'vitest';
import { SharedIntervalTicker } from './media-ticker.js';

describe('SharedIntervalTicker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks every 20 ms without drift, for all listeners, and stops its timer when empty', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const ticker = new SharedIntervalTicker();
    const a: number[] = [];
    const b: number[] = [];
    const la = { onTick: (t: number) => a.push(t) };
    const lb = { onTick: (t: number) => b.push(t) };
    ticker.add(la);
    ticker.add(lb);
    vi.advanceTimersByTime(1000);
    expect(a.length).toBe(50);
    expect(b).toEqual(a);
    expect(a[49]).toBe(50);
    ticker.remove(la);
    ticker.remove(lb);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('catches up late ticks after a stall, skipping those beyond maxCatchUp', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let stallMs = 0;
    const ticker = new SharedIntervalTicker(20, 3, () => performance.now() + stallMs);
    const ticks: number[] = [];
    const listener = {
      onTick: (t: number) => {
        ticks.push(t);
        if (t === 1) stallMs = 200; // the first tick blocks the process for 200 ms
      },
    };
    ticker.add(listener);
    vi.advanceTimersByTime(21); // the catch-up run is re-armed with a ≥ 1 ms timeout
    expect(ticks).toEqual([1, 9, 10, 11]); // 10 periods late: 7 skipped, 3 caught up
    expect(ticker.stats.skipped).toBe(7);
    vi.advanceTimersByTime(100);
    expect(ticks.slice(4)).toEqual([12, 13, 14, 15, 16]);
    ticker.remove(listener);
  });
});
