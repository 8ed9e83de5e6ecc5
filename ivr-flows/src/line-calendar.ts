import type { BusinessCalendar, Weekday } from './flow-definition.js';
import { calendarProblems } from './validate-flow.js';

/** The opening-hours columns of a `Line` row (JSON columns arrive as unknown). */
export interface LineHours {
  timeZone: string;
  /** `{"mon":[["09:00","18:00"]], ...}`; null = the flow's weekly hours. */
  businessHours: unknown;
  /** `["2026-10-01", ...]`; null = the flow's holidays. */
  holidays: unknown;
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function isInterval(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string');
}

/**
 * The calendar a call on this line runs with: the line's time zone, and its hours and holidays
 * where set, else the flow's. Throws a RangeError naming the line's bad field, so a broken row
 * is caught when lines are loaded rather than mid-call.
 */
export function lineCalendar(
  line: LineHours,
  fallback: BusinessCalendar,
  lineName = 'line',
): BusinessCalendar {
  const fail = (message: string): never => {
    throw new RangeError(`${lineName}: ${message}`);
  };
  let weekly = fallback.weekly;
  if (line.businessHours !== null && line.businessHours !== undefined) {
    const hours = line.businessHours;
    if (typeof hours !== 'object' || Array.isArray(hours))
      fail('businessHours must be an object of weekdays');
    weekly = {};
    for (const [day, intervals] of Object.entries(hours as Record<string, unknown>)) {
      if (!WEEKDAYS.includes(day as Weekday)) fail(`businessHours has unknown weekday "${day}"`);
      if (!Array.isArray(intervals) || !intervals.every(isInterval))
        fail(`businessHours.${day} must be a list of ["HH:MM","HH:MM"] pairs`);
      weekly[day as Weekday] = intervals as Array<[string, string]>;
    }
  }
  let holidays = fallback.holidays;
  if (line.holidays !== null && line.holidays !== undefined) {
    if (!Array.isArray(line.holidays) || !line.holidays.every((d) => typeof d === 'string'))
      fail('holidays must be a list of "YYYY-MM-DD" dates');
    holidays = line.holidays as string[];
  }
  const calendar: BusinessCalendar = { timeZone: line.timeZone, weekly, holidays };
  const problems = calendarProblems(calendar);
  if (problems.length > 0) fail(problems.join('; '));
  return calendar;
}
