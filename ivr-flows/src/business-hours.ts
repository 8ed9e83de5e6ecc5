import type { BusinessCalendar, Weekday } from './flow-definition.js';

/** Wall-clock parts of an instant in a time zone. */
export interface LocalTime {
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US + h23 gives stable, parseable parts; the zone comes from the line, not the host.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** "HH:MM" → minutes since midnight ("24:00" allowed as an interval end); NaN when malformed. */
export function parseClock(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? Number.NaN : minutes;
}

/** Is `minutes` in [from, to)? An interval with from > to wraps past midnight. */
export function inClockRange(minutes: number, from: string, to: string): boolean {
  const start = parseClock(from);
  const end = parseClock(to);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export function isHoliday(calendar: BusinessCalendar, epochMs: number): boolean {
  return calendar.holidays.includes(localTime(epochMs, calendar.timeZone).date);
}

/** Open = not a holiday and inside one of the day's intervals. */
export function isOpen(calendar: BusinessCalendar, epochMs: number): boolean {
  const local = localTime(epochMs, calendar.timeZone);
  if (calendar.holidays.includes(local.date)) return false;
  const intervals = calendar.weekly[local.weekday] ?? [];
  return intervals.some(([from, to]) => inClockRange(local.minutes, from, to));
}
