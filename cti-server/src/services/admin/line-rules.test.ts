import { describe, expect, it } from 'vitest';
import {
  checkLineDraft,
  checkWeeklyHours,
  isCalendarDate,
  isTimeZone,
  normalizeHolidays,
  type LineContext,
  type LineDraft,
} from './line-rules.js';

const draft: LineDraft = {
  dnis: '4008009000',
  name: 'Campaign hotline',
  ivrFlow: null,
  queueId: 'q1',
  trunkId: null,
  timeZone: 'Asia/Shanghai',
  language: 'zh-CN',
  businessHours: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
  },
  holidays: ['2026-10-01', { date: '2026-10-02', name: '国庆节 National Day' }],
};
const ctx: LineContext = {
  dnisTakenBy: null,
  flows: new Set(['sales-hotline']),
  queue: { name: 'sales', active: true },
  trunkExists: true,
};

const check =
  (patch: Partial<LineDraft>, c: Partial<LineContext> = {}) =>
  () =>
    checkLineDraft({ ...draft, ...patch }, { ...ctx, ...c });

describe('line rules', () => {
  it('accepts a good line, with or without a flow', () => {
    expect(check({})).not.toThrow();
    expect(check({ ivrFlow: 'sales-hotline', businessHours: null, holidays: null })).not.toThrow();
  });

  it('DNIS: 3–20 digits, unique', () => {
    expect(check({ dnis: '40-08' })).toThrow('DNIS "40-08" must be 3–20 digits');
    expect(check({ dnis: '12' })).toThrow(/3–20 digits/);
    expect(check({ dnis: '1'.repeat(21) })).toThrow(/3–20 digits/);
    expect(check({}, { dnisTakenBy: 'Sales hotline' })).toThrow(
      'DNIS 4008009000 is already the line "Sales hotline"',
    );
  });

  it('the flow must be loaded; the queue must exist and be enabled; the trunk must exist', () => {
    expect(check({ ivrFlow: 'nope' })).toThrow('unknown IVR flow "nope" (loaded: sales-hotline)');
    expect(check({ queueId: null })).toThrow(/needs a queue/);
    expect(check({}, { queue: null })).toThrow('unknown queue q1');
    expect(check({}, { queue: { name: 'sales', active: false } })).toThrow(
      /queue sales is disabled: a line cannot send calls to it/,
    );
    expect(check({ trunkId: 't9' }, { trunkExists: false })).toThrow('unknown trunk t9');
  });

  it('time zone and language', () => {
    expect(check({ timeZone: 'Asia/Beijing' })).toThrow(/unknown time zone "Asia\/Beijing"/);
    expect(check({ language: 'fr' })).toThrow(/language "fr" is not one of zh-CN, en/);
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('')).toBe(false);
  });

  it('hours: weekdays, HH:MM, start before end, no overlaps; 24:00 ends a day', () => {
    expect(() => checkWeeklyHours({ sun: [['00:00', '24:00']] })).not.toThrow();
    expect(() => checkWeeklyHours({ monday: [['09:00', '18:00']] } as never)).toThrow(
      /unknown weekday "monday"/,
    );
    expect(() => checkWeeklyHours({ mon: [['9:00', '18:00']] })).toThrow(
      'businessHours.mon: 9:00–18:00 must be HH:MM',
    );
    expect(() => checkWeeklyHours({ mon: [['18:00', '09:00']] })).toThrow(/must start before it ends/);
    expect(() =>
      checkWeeklyHours({
        tue: [
          ['13:00', '18:00'],
          ['09:00', '13:30'],
        ],
      }),
    ).toThrow('businessHours.tue: 09:00–13:30 overlaps 13:00–18:00');
    expect(() =>
      checkWeeklyHours({
        tue: [
          ['09:00', '13:00'],
          ['13:00', '18:00'],
        ],
      }),
    ).not.toThrow();
  });

  it('holidays: real dates, unique; named ones keep their name, others stay plain dates', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(check({ holidays: ['2026-02-30'] })).toThrow('holidays: "2026-02-30" is not a date (YYYY-MM-DD)');
    expect(check({ holidays: ['2026-10-01', { date: '2026-10-01', name: 'x' }] })).toThrow(
      'holidays: 2026-10-01 is listed twice',
    );
    expect(
      normalizeHolidays([
        '2027-01-01',
        { date: '2026-10-01', name: ' 国庆节 ' },
        { date: '2026-10-02', name: null },
      ]),
    ).toEqual(['2027-01-01', { date: '2026-10-01', name: '国庆节' }, '2026-10-02']);
  });
});
