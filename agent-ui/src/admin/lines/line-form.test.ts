import { describe, expect, it } from 'vitest';
import type { AdminLine } from '@kefu/cti-server/contract';
import {
  NEW_LINE,
  endOfDay,
  lineFormValues,
  officeWeek,
  pickerTime,
  toBusinessHours,
  toLineBody,
} from './line-form.js';

const line: AdminLine = {
  id: 'l1',
  dnis: '4008001000',
  name: 'Sales hotline',
  ivrFlow: 'sales-hotline',
  queue: { id: 'q1', name: 'sales', displayName: 'Sales', active: true },
  trunk: { id: 't1', name: 'demo' },
  timeZone: 'Asia/Shanghai',
  language: 'zh-CN',
  businessHours: {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '21:00'],
    ],
    sat: [['10:00', '16:00']],
  },
  holidays: [
    { date: '2026-10-01', name: '国庆节 National Day' },
    { date: '2027-01-01', name: null },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('line form', () => {
  it('reads a line into the editor and writes the same body back', () => {
    const values = lineFormValues(line);
    expect(values.hoursMode).toBe('weekly');
    expect(values.week.mon).toEqual({
      open: true,
      ranges: [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '21:00' },
      ],
    });
    expect(values.week.sun).toEqual({ open: false, ranges: [] });
    expect(toLineBody(values)).toEqual({
      dnis: '4008001000',
      name: 'Sales hotline',
      ivrFlow: 'sales-hotline',
      queueId: 'q1',
      trunkId: 't1',
      timeZone: 'Asia/Shanghai',
      language: 'zh-CN',
      businessHours: line.businessHours,
      holidays: [{ date: '2026-10-01', name: '国庆节 National Day' }, '2027-01-01'],
    });
  });

  it('no hours of its own, open all week, or a weekly schedule', () => {
    expect(lineFormValues({ ...line, businessHours: null }).hoursMode).toBe('unset');
    expect(toBusinessHours({ hoursMode: 'unset', week: officeWeek() })).toBeNull();
    const allWeek = toBusinessHours({ hoursMode: 'all_week', week: officeWeek() })!;
    expect(Object.keys(allWeek)).toHaveLength(7);
    expect(allWeek.sun).toEqual([['00:00', '24:00']]);
    expect(lineFormValues({ ...line, businessHours: allWeek }).hoursMode).toBe('all_week');
    // A day switched to closed keeps nothing.
    const week = officeWeek();
    week.fri = { open: false, ranges: [{ from: '09:00', to: '18:00' }] };
    expect(Object.keys(toBusinessHours({ hoursMode: 'weekly', week })!)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
    ]);
  });

  it('a new line starts with no hours of its own and no holidays', () => {
    expect(toLineBody({ ...NEW_LINE, dnis: ' 4008009000 ', name: 'x', queueId: 'q1' })).toMatchObject({
      dnis: '4008009000',
      ivrFlow: null,
      businessHours: null,
      holidays: [],
    });
  });

  it('an end at 23:59 in a picker means midnight', () => {
    expect(endOfDay('23:59')).toBe('24:00');
    expect(endOfDay('18:00')).toBe('18:00');
    expect(pickerTime('24:00')).toBe('23:59');
  });
});
