import { describe, expect, it } from 'vitest';
import { holidayOn, isHoliday, isOpen } from './business-hours.js';
import { demoCalendar } from './flows/demo-calendar.js';
import { salesHotline } from './flows/index.js';
import { lineCalendar } from './line-calendar.js';
import { simulateFlow } from './simulate/simulate-flow.js';

/** Shaped like the seeded Line rows (prisma/src/seed/demo-config.ts). */
const seededLine = {
  timeZone: 'Asia/Shanghai',
  businessHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['09:00', '21:00']]]),
  ),
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2027-01-01'],
};

describe('lineCalendar', () => {
  it("takes the line's zone, hours and holidays over the flow's", () => {
    const calendar = lineCalendar(
      { ...seededLine, businessHours: { mon: [['08:00', '12:00']] } },
      demoCalendar,
    );
    const mondayNine = Date.parse('2026-11-23T09:00:00+08:00');
    expect(isOpen(calendar, mondayNine)).toBe(true);
    expect(isOpen(calendar, Date.parse('2026-11-24T10:00:00+08:00'))).toBe(false); // Tuesday: not listed
    // Saturday 2026-10-03 is a holiday of the line but not of the flow's demo calendar.
    const oct3 = Date.parse('2026-10-03T10:00:00+08:00');
    expect(isHoliday(lineCalendar(seededLine, demoCalendar), oct3)).toBe(true);
    expect(isHoliday(demoCalendar, oct3)).toBe(false);
  });

  it("falls back to the flow's hours and holidays where the line has none", () => {
    const calendar = lineCalendar(
      { timeZone: 'Europe/London', businessHours: null, holidays: null },
      demoCalendar,
    );
    expect(calendar).toEqual({ ...demoCalendar, timeZone: 'Europe/London' });
  });

  it('names the line and the bad field', () => {
    const bad = (patch: object) => () =>
      lineCalendar({ ...seededLine, ...patch }, demoCalendar, 'line 4008001000');
    expect(bad({ businessHours: { monday: [['09:00', '18:00']] } })).toThrow(
      'line 4008001000: businessHours has unknown weekday "monday"',
    );
    expect(bad({ businessHours: { mon: ['09:00', '18:00'] } })).toThrow(/businessHours.mon must be a list/);
    expect(bad({ businessHours: { mon: [['9am', '18:00']] } })).toThrow(/hours mon 9am–18:00 must be HH:MM/);
    expect(bad({ holidays: '2026-10-01' })).toThrow(/holidays must be a list/);
    expect(bad({ holidays: ['1 Oct'] })).toThrow(/holiday "1 Oct" must be YYYY-MM-DD/);
    expect(bad({ timeZone: 'Asia/Beijing' })).toThrow(/unknown time zone "Asia\/Beijing"/);
  });

  it('reads named holidays beside plain dates and keeps their names', () => {
    const calendar = lineCalendar(
      {
        ...seededLine,
        holidays: ['2027-01-01', { date: '2026-10-01', name: '国庆节 National Day' }, { date: '2026-10-02' }],
      },
      demoCalendar,
    );
    expect(calendar.holidays).toEqual(['2027-01-01', '2026-10-01', '2026-10-02']);
    expect(calendar.holidayNames).toEqual({ '2026-10-01': '国庆节 National Day' });
    const oct1 = Date.parse('2026-10-01T10:00:00+08:00');
    expect(isHoliday(calendar, oct1)).toBe(true);
    expect(holidayOn(calendar, oct1)).toEqual({ date: '2026-10-01', name: '国庆节 National Day' });
    expect(holidayOn(calendar, Date.parse('2026-10-02T10:00:00+08:00'))).toEqual({ date: '2026-10-02' });
    expect(holidayOn(calendar, Date.parse('2026-10-04T10:00:00+08:00'))).toBeNull();
    const bad = (holidays: unknown) => () => lineCalendar({ ...seededLine, holidays }, demoCalendar);
    expect(bad([{ name: 'no date' }])).toThrow(/holidays must be a list/);
    expect(bad([{ date: '2026-10-01', name: 5 }])).toThrow(/holidays must be a list/);
    expect(bad([{ date: 'Oct 1' }])).toThrow(/holiday "Oct 1" must be YYYY-MM-DD/);
  });

  it('sends a call on a line holiday down the closed branch of the sales flow', async () => {
    const { result } = await simulateFlow({
      flow: salesHotline,
      ani: '13800138000',
      at: new Date('2026-10-03T10:00:00+08:00'),
      keys: ['2'],
      input: { calendar: lineCalendar(seededLine, salesHotline.calendar) },
    });
    expect(result.path.find((e) => e.step === 'hours')?.result).toBe('holiday');
    expect(result.outcome).toMatchObject({ kind: 'callback', queue: 'sales' });
  });
});
