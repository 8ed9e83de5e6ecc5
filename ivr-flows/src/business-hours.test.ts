import { describe, expect, it } from 'vitest';
import { inClockRange, isHoliday, isOpen, localTime, openingStatus, parseClock } from './business-hours.js';
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

  describe('openingStatus: "today we are open/closed because …"', () => {
    it('open inside the hours, with the closing time next', () => {
      const status = openingStatus(demoCalendar, at('2026-11-24T10:15:30+08:00'));
      expect(status).toEqual({
        open: true,
        reason: 'open',
        localTime: { date: '2026-11-24', time: '10:15', weekday: 'tue' },
        nextChange: at('2026-11-24T21:00:00+08:00'),
      });
    });

    it('outside the hours before opening, and after closing the next day opens', () => {
      expect(openingStatus(demoCalendar, at('2026-11-24T07:00:00+08:00'))).toMatchObject({
        open: false,
        reason: 'outside_hours',
        nextChange: at('2026-11-24T09:00:00+08:00'),
      });
      expect(openingStatus(demoCalendar, at('2026-11-24T22:00:00+08:00'))).toMatchObject({
        reason: 'outside_hours',
        nextChange: at('2026-11-25T09:00:00+08:00'),
      });
    });

    it('a weekday without hours is closed_today; Sunday opens again on Monday', () => {
      expect(openingStatus(demoCalendar, at('2026-11-29T12:00:00+08:00'))).toMatchObject({
        open: false,
        reason: 'closed_today',
        nextChange: at('2026-11-30T09:00:00+08:00'),
      });
    });

    it('a holiday names itself and skips to the first open day after it', () => {
      const calendar = {
        ...demoCalendar,
        holidayNames: { '2026-10-01': '国庆节 National Day' },
      };
      // Thu 1 and Fri 2 October are holidays; Saturday 3 October opens at 09:00.
      expect(openingStatus(calendar, at('2026-10-01T10:00:00+08:00'))).toEqual({
        open: false,
        reason: 'holiday',
        holiday: { date: '2026-10-01', name: '国庆节 National Day' },
        localTime: { date: '2026-10-01', time: '10:00', weekday: 'thu' },
        nextChange: at('2026-10-03T09:00:00+08:00'),
      });
    });

    it('open all week (00:00–24:00 every day) never changes', () => {
      const allWeek = {
        timeZone: 'Asia/Shanghai',
        weekly: Object.fromEntries(
          (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, [['00:00', '24:00']]]),
        ),
        holidays: [],
      };
      const status = openingStatus(allWeek, at('2026-12-04T12:00:00+08:00'));
      expect(status.open).toBe(true);
      expect(status.nextChange).toBeUndefined();
    });
  });
});
