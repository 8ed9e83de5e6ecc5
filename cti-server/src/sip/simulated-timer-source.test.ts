import { describe, expect, it } from 'vitest';
import { SimulatedTimerSource } from './simulated-timer-source.js';

describe('SimulatedTimerSource', () => {
  it('fires timers in due order, including ones scheduled while advancing', () => {
    const clock = new SimulatedTimerSource();
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
});
