import { describe, expect, it } from 'vitest';
import type { WallboardAgent, WallboardQueue } from '../api/types.js';
import {
  callDurationMs,
  duration,
  hourMinute,
  longestWaitNow,
  percent,
  serviceLevelGoal,
  timeInStateMs,
} from './format.js';

const queue = (over: Partial<WallboardQueue>): WallboardQueue =>
  ({
    at: '2026-12-04T10:00:00.000Z',
    waiting: 0,
    longestWaitMs: 0,
    serviceLevelTarget: 0.8,
    serviceLevelSeconds: 20,
    ...over,
  }) as WallboardQueue;

describe('wallboard formatting', () => {
  it('shows shares as whole percents and no base as a dash', () => {
    expect(percent(0.853)).toBe('85 %');
    expect(percent(1)).toBe('100 %');
    expect(percent(0)).toBe('0 %');
    expect(percent(null)).toBe('—');
  });

  it('shows durations as clocks', () => {
    expect(duration(65_400)).toBe('1:05');
    expect(duration(3_725_000)).toBe('1:02:05');
    expect(duration(null)).toBe('—');
  });

  it('ticks the longest wait from the push while calls wait, zero when none', () => {
    const now = Date.parse('2026-12-04T10:00:07.000Z');
    expect(longestWaitNow(queue({ waiting: 2, longestWaitMs: 12_000 }), now)).toBe(19_000);
    expect(longestWaitNow(queue({ waiting: 0, longestWaitMs: 12_000 }), now)).toBe(0);
    // A clock behind the server's never makes a wait shrink below the pushed figure.
    expect(longestWaitNow(queue({ waiting: 1, longestWaitMs: 5_000 }), now - 60_000)).toBe(5_000);
  });

  it("times an agent's state and current call from their starts", () => {
    const now = Date.parse('2026-12-04T10:01:00.000Z');
    const agent = {
      since: '2026-12-04T10:00:30.000Z',
      call: { since: '2026-12-04T10:00:00.000Z' },
    } as WallboardAgent;
    expect(timeInStateMs(agent, now)).toBe(30_000);
    expect(callDurationMs(agent, now)).toBe(60_000);
    expect(callDurationMs({ ...agent, call: null }, now)).toBeNull();
  });

  it('says the goal as percent and seconds, and interval starts in the centre time zone', () => {
    expect(serviceLevelGoal(queue({ serviceLevelTarget: 0.8, serviceLevelSeconds: 20 }))).toEqual({
      percent: 80,
      seconds: 20,
    });
    expect(hourMinute('2026-12-04T01:15:00.000Z', 'Asia/Shanghai')).toBe('09:15');
  });
});
