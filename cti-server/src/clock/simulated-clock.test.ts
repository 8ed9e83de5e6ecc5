import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './simulated-clock.js';
import { systemClock } from './system-clock.js';

describe('SimulatedClock', () => {
  it('fires timers in due order, including ones scheduled while advancing', () => {
    const clock = new SimulatedClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 50);
    }, 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 120);
    clock.clearTimeout(cancelled);
    clock.advance(199);
    expect(fired).toEqual(['a@100', 'c@150']);
    clock.advance(1);
    expect(fired).toEqual(['a@100', 'c@150', 'b@200']);
    expect(clock.pending).toBe(0);
  });

  it('runs timers with now() at each due time from its start time, and reports the next one due', () => {
    const clock = new SimulatedClock(1_000);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 20);
    const cancelled = clock.setTimeout(() => seen.push(['x', clock.now()]), 5);
    clock.setTimeout(() => {
      seen.push(['a', clock.now()]);
      clock.setTimeout(() => seen.push(['a2', clock.now()]), 5);
    }, 10);
    clock.clearTimeout(cancelled);
    expect(clock.pending).toBe(2);
    expect(clock.nextDue()).toBe(1_010);
    clock.advanceTo(1_100);
    expect(seen).toEqual([
      ['a', 1_010],
      ['a2', 1_015],
      ['b', 1_020],
    ]);
    expect(clock.now()).toBe(1_100);
    expect(clock.nextDue()).toBeNull();
  });

  it('fires timers due at the same time in the order they were set; a timer cleared by an earlier one never fires', () => {
    const clock = new SimulatedClock();
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(second);
    }, 10);
    const second = clock.setTimeout(() => fired.push('second'), 10);
    clock.setTimeout(() => fired.push('third'), 10);
    clock.setTimeout(() => fired.push('now'), -5);
    clock.advance(10);
    expect(fired).toEqual(['now', 'first', 'third']);
  });

  it('never goes back in time', () => {
    const clock = new SimulatedClock(500);
    clock.advanceTo(100);
    expect(clock.now()).toBe(500);
  });
});

describe('systemClock', () => {
  it('arms unref’d timers, so a pending timer never keeps the process alive', () => {
    const handle = systemClock.setTimeout(() => undefined, 60_000) as ReturnType<typeof setTimeout>;
    try {
      expect(handle.hasRef()).toBe(false);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });
});
