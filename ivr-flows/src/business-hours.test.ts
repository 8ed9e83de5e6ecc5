import { describe, expect, it } from 'vitest';
import { inClockRange, isHoliday, isOpen, localTime, parseClock } from './business-hours.js';
import { demoCalendar } from './flows/demo-calendar.js';

const at = (iso: string) => Date.parse(iso);

describe('business hours', () => {
  it('reads wall-clock time in the calendar zone, not the host zone', () => {
    expect(localTime(at('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-24',
      weekday: 'tue',
      minutes: 30,
    });
    expect(localTime(at('2026-07-01T12:00:00Z'), 'America/New_York')).toMatchObject({ minutes: 8 * 60 });
  });

  it('opens at 09:00 and closes at 21:00 (end exclusive), Mon–Sat', () => {
    expect(isOpen(demoCalendar, at('2026-11-24T08:59:00+08:00'))).toBe(false);
    expect(isOpen(demoCalendar, at('2026-11-24T09:00:00+08:00'))).toBe(true);
    expect(isOpen(demoCalendar, at('2026-11-28T20:59:00+08:00'))).toBe(true);
    expect(isOpen(demoCalendar, at('2026-11-28T21:00:00+08:00'))).toBe(false);
    expect(isOpen(demoCalendar, at('2026-11-29T12:00:00+08:00'))).toBe(false);
  });

  it('is closed all day on a holiday, judged by the local date', () => {
    // 2026-09-30T16:30Z is already 1 October in Shanghai.
    expect(isHoliday(demoCalendar, at('2026-09-30T16:30:00Z'))).toBe(true);
    expect(isOpen(demoCalendar, at('2026-10-01T10:00:00+08:00'))).toBe(false);
    expect(isHoliday(demoCalendar, at('2026-09-30T10:00:00+08:00'))).toBe(false);
  });

  it('handles ranges that wrap midnight and rejects malformed times', () => {
    expect(inClockRange(parseClock('23:30'), '22:00', '06:00')).toBe(true);
    expect(inClockRange(parseClock('05:59'), '22:00', '06:00')).toBe(true);
    expect(inClockRange(parseClock('12:00'), '22:00', '06:00')).toBe(false);
    expect(parseClock('9:00')).toBeNaN();
    expect(parseClock('24:30')).toBeNaN();
    expect(parseClock('24:00')).toBe(1440);
  });
});
