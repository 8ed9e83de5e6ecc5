import type { BusinessCalendar, Weekday } from './flow-definition.js';
import { calendarProblems } from './validate-flow.js';

/** The opening-hours columns of a `Line` row (JSON columns arrive as unknown). */
export interface LineHours {
  timeZone: string;
  /** `{"mon":[["09:00","18:00"]], ...}`; null = the flow's weekly hours. */
  businessHours: unknown;
  /**
   * `["2026-10-01", ...]` or `[{"date":"2026-10-01","name":"国庆节 National Day"}, ...]` (both
   * may be mixed); null = the flow's holidays.
   */
  holidays: unknown;
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function isInterval(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string');
}

/** One stored holiday: a plain date string or `{ date, name? }`; null when neither. */
export function holidayEntry(value: unknown): { date: string; name?: string } | null {
  if (typeof value === 'string') return { date: value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { date, name } = value as { date?: unknown; name?: unknown };
  if (typeof date !== 'string') return null;
  if (name !== undefined && name !== null && typeof name !== 'string') return null;
  return typeof name === 'string' && name.trim() ? { date, name: name.trim() } : { date };
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
  let holidayNames = fallback.holidayNames;
  if (line.holidays !== null && line.holidays !== undefined) {
    const entries = Array.isArray(line.holidays) ? line.holidays.map(holidayEntry) : null;
    if (!entries || entries.some((e) => e === null))
      fail('holidays must be a list of "YYYY-MM-DD" dates or { date, name } entries');
    holidays = [];
    holidayNames = {};
    for (const entry of entries as Array<{ date: string; name?: string }>) {
      holidays.push(entry.date);
      if (entry.name) holidayNames[entry.date] = entry.name;
    }
  }
  const calendar: BusinessCalendar = { timeZone: line.timeZone, weekly, holidays };
  if (holidayNames && Object.keys(holidayNames).length > 0) calendar.holidayNames = holidayNames;
  const problems = calendarProblems(calendar);
  if (problems.length > 0) fail(problems.join('; '));
  return calendar;
}
