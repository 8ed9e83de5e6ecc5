import type { BusinessCalendar } from '../flow-definition.js';

const DAY: Array<[string, string]> = [['09:00', '21:00']];

/** Demo lines: Mon–Sat 09:00–21:00 China time, closed on the 2026 public holidays listed. */
export const demoCalendar: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY },
  holidays: [
    '2026-01-01',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-05-01',
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
  ],
};
